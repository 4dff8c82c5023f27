// Block schemas by kind: safe for the browser (no executors). One line per block kind.
import type { BlockSchema } from './contract.js';
import { schema as bubbleText } from './bubble-text/schema.js';
import { schema as bubbleImage } from './bubble-image/schema.js';
import { schema as bubbleVideo } from './bubble-video/schema.js';
import { schema as bubbleAudio } from './bubble-audio/schema.js';
import { schema as bubbleDocument } from './bubble-document/schema.js';
import { schema as inputText } from './input-text/schema.js';
import { schema as inputNumber } from './input-number/schema.js';
import { schema as inputEmail } from './input-email/schema.js';
import { schema as inputWebsite } from './input-website/schema.js';
import { schema as inputDate } from './input-date/schema.js';
import { schema as inputPhone } from './input-phone/schema.js';
import { schema as inputButtons } from './input-buttons/schema.js';
import { schema as inputPictureChoice } from './input-picture-choice/schema.js';
import { schema as inputFile } from './input-file/schema.js';
import { schema as setVariable } from './set-variable/schema.js';
import { schema as condition } from './condition/schema.js';
import { schema as jump } from './jump/schema.js';
import { schema as wait } from './wait/schema.js';
import { schema as abTest } from './ab-test/schema.js';
import { schema as end } from './end/schema.js';
import { schema as agent } from './agent/schema.js';
import { schema as contact } from './contact/schema.js';

export const blockSchemaList: BlockSchema[] = [
  bubbleText,
  bubbleImage,
  bubbleVideo,
  bubbleAudio,
  bubbleDocument,
  inputText,
  inputNumber,
  inputEmail,
  inputWebsite,
  inputDate,
  inputPhone,
  inputButtons,
  inputPictureChoice,
  inputFile,
  setVariable,
  condition,
  jump,
  wait,
  abTest,
  end,
  agent,
  contact,
];

export const blockSchemas: Record<string, BlockSchema> = Object.fromEntries(blockSchemaList.map((s) => [s.kind, s]));
