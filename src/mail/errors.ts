// What stops a mailing for a reason the user can act on (a setting, the server, the journal, the
// lock): the command line prints its message as one line, never a stack trace.
export class MailError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}
