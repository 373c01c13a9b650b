/** Where commands write; the real process streams in `main.ts`, buffers in tests. */
export interface CliOutput {
  stdout(text: string): void;
  stderr(text: string): void;
}
