// Imported first by cli/main.ts, so that it is in place before any other module is evaluated: whatever goes wrong
// reaches the user as one `tsnas: ...` line, never a stack trace (TSNAS_DEBUG=1 prints it), and a closed pipe on
// stdout ends the command quietly, as Unix tools do.

/** `tsnas zoo list | head`: the reader went away. Status 0, no message. */
function isClosedPipe(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  return code === 'EPIPE' || code === 'ERR_STREAM_DESTROYED';
}

function onOutputError(stream: string): (e: NodeJS.ErrnoException) => void {
  return (e) => {
    if (isClosedPipe(e)) process.exit(0);
    try {
      process.stderr.write(`tsnas: cannot write to ${stream}: ${e.message}\n`);
    } catch {
      /* stderr is gone too */
    }
    process.exit(1);
  };
}
process.stdout.on('error', onOutputError('stdout'));
process.stderr.on('error', onOutputError('stderr'));

/** Prints an error the way every tsnas failure is printed and exits with status 1 (0 for a closed stdout pipe). */
export function exitWithError(e: unknown): never {
  if (isClosedPipe(e)) process.exit(0);
  const err = e instanceof Error ? e : new Error(String(e));
  try {
    process.stderr.write(`tsnas: ${err.message.replace(/^tsnas: /, '')}\n`);
    if (process.env.TSNAS_DEBUG) process.stderr.write(`${err.stack}\n`);
  } catch {
    /* stderr is gone */
  }
  process.exit(1);
}

// Errors thrown while the modules load (the native addon missing, a bad TSNAS_THREADS), and any error that escapes a
// command's promise chain (a callback, a stream event). A rejection Node does not see handled arrives here too.
process.on('uncaughtException', (e) => exitWithError(e));
