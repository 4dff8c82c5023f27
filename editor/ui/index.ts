// Ozia's form kit: labelled fields and accessible controls on the design tokens of styles.css.
// Block Editor.tsx files and editor features import from here.
import './ui.css';

export { Field, useFieldContext, useFieldControl, type FieldProps } from './Field.js';
export {
  TextInput,
  TextArea,
  NumberInput,
  Select,
  fitTextarea,
  parseNumberInput,
  type TextInputProps,
  type TextAreaProps,
  type NumberInputProps,
  type SelectProps,
  type SelectOption,
} from './inputs.js';
export { Switch, type SwitchProps } from './Switch.js';
export { Button, IconButton, type ButtonProps, type IconButtonProps, type ButtonVariant } from './Button.js';
export { SegmentedControl, type SegmentedControlProps, type SegmentOption } from './SegmentedControl.js';
export { Popover, Menu, type PopoverProps, type PopoverAnchor, type MenuProps, type MenuItem } from './Popover.js';
export { Spinner, ProgressBar } from './feedback.js';
export * from './icons.js';
