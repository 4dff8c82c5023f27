// The page's Content-Security-Policy forbids eval; zod would otherwise probe for it (and
// report a violation) before compiling its fast paths. Imported first by main.tsx.
import { z } from 'zod';

z.config({ jitless: true });
