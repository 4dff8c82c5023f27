// Block executors by kind: server only. One line per block kind.
import type { BlockExecutor } from './contract.js';
import { executor as bubbleText } from './bubble-text/run.js';
import { executor as bubbleImage } from './bubble-image/run.js';
import { executor as bubbleVideo } from './bubble-video/run.js';
import { executor as bubbleAudio } from './bubble-audio/run.js';
import { executor as bubbleDocument } from './bubble-document/run.js';
import { executor as inputText } from './input-text/run.js';
import { executor as inputNumber } from './input-number/run.js';
import { executor as inputEmail } from './input-email/run.js';
import { executor as inputWebsite } from './input-website/run.js';
import { executor as inputDate } from './input-date/run.js';
import { executor as inputPhone } from './input-phone/run.js';
import { executor as inputButtons } from './input-buttons/run.js';
import { executor as inputPictureChoice } from './input-picture-choice/run.js';
import { executor as inputFile } from './input-file/run.js';
import { executor as setVariable } from './set-variable/run.js';
import { executor as condition } from './condition/run.js';
import { executor as jump } from './jump/run.js';
import { executor as wait } from './wait/run.js';
import { executor as agent } from './agent/run.js';
import { executor as abTest } from './ab-test/run.js';
import { executor as end } from './end/run.js';
import { executor as contact } from './contact/run.js';

export const blockExecutors: Record<string, BlockExecutor> = {
  'bubble-text': bubbleText,
  'bubble-image': bubbleImage,
  'bubble-video': bubbleVideo,
  'bubble-audio': bubbleAudio,
  'bubble-document': bubbleDocument,
  'input-text': inputText,
  'input-number': inputNumber,
  'input-email': inputEmail,
  'input-website': inputWebsite,
  'input-date': inputDate,
  'input-phone': inputPhone,
  'input-buttons': inputButtons,
  'input-picture-choice': inputPictureChoice,
  'input-file': inputFile,
  'set-variable': setVariable,
  'condition': condition,
  'jump': jump,
  'wait': wait,
  'ab-test': abTest,
  'end': end,
  'agent': agent,
  'contact': contact,
};
