/** What starting local test hosts is doing (building the image, booting lab-2 …), one line at a time, for the face that asked. */
import { z } from 'zod';

export const LabProgressEventSchema = z.object({
  type: z.literal('lab.progress'),
  line: z.string(),
});
