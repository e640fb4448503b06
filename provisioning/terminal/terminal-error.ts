/** Why a terminal request cannot be done, named so a face can tell the cases apart (it arrives as the error's name). */
export type TerminalErrorName = 'NoSuchTerminal' | 'TerminalClosed' | 'ReadOnlyTerminal' | 'TooManyTerminals' | 'InvalidAck' | 'FaceGone';

export class TerminalError extends Error {
  constructor(
    override readonly name: TerminalErrorName,
    message: string,
  ) {
    super(message);
  }
}
