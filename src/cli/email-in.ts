/**
 * `renubu email-in < message.eml` (PRODUCT.md §12): one reply email from stdin, for a mail
 * server's pipe (Postfix `pipe`, procmail, a `.forward`), through the same handler as the SMTP
 * listener and `POST /email/inbound`. Exit 0 when it was handled or dropped on purpose (a mail
 * server must not bounce a forged reply back), 1 with one line when the input is no email.
 */
import { handleInboundEmail, type InboundResult } from '../email/inbound/handle.ts';
import { UnreadableEmail } from '../email/inbound/read.ts';
import { RenubuError } from '../errors.ts';
import { createLogger } from '../logger.ts';
import { type CommandContext, UsageError } from './context.ts';

export const usage =
  'renubu email-in < message.eml           act on one email reply read from stdin';

/** The largest message read (bytes), as the SMTP listener's limit. */
const MAX_BYTES = 1024 * 1024;

export async function run(ctx: CommandContext, args: string[]): Promise<number> {
  if (args.length > 0)
    throw new UsageError('renubu email-in takes no arguments: pipe the message into it.');
  const raw = await readInput(process.stdin);
  return emailIn(ctx, raw);
}

/** Handle one raw message (the command without stdin, for tests and the sandbox). */
export async function emailIn(ctx: CommandContext, raw: Buffer): Promise<number> {
  if (!ctx.settings.emailReply.domain) {
    ctx.err.write(
      'renubu email-in: EMAIL_REPLY_DOMAIN is not set, so replies are off; nothing done.\n',
    );
    return 0;
  }
  const db = await ctx.openDatabase({ max: 2 });
  try {
    const result = await handleInboundEmail(
      {
        sql: db.sql,
        clock: ctx.clock,
        logger: createLogger(ctx.settings.logLevel),
        domain: ctx.settings.emailReply.domain,
      },
      raw,
    );
    ctx.out.write(`${describe(result)}\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof UnreadableEmail)) throw error;
    throw new RenubuError('usage', `renubu email-in: stdin is not an email: ${error.message}.`, {
      exitCode: 1,
    });
  } finally {
    await db.close();
  }
}

function describe(result: InboundResult): string {
  switch (result.status) {
    case 'acted':
      return `acted: ${result.done} done, ${result.notDone} not done; a confirmation is queued`;
    case 'expired':
      return 'expired reply address: one answer saying so is queued';
    case 'duplicate':
      return 'duplicate: this Message-ID was handled before; nothing changed';
    case 'dropped':
      return `dropped: ${result.reason}`;
  }
}

async function readInput(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
    size += buffer.length;
    if (size > MAX_BYTES) {
      throw new RenubuError(
        'usage',
        `renubu email-in: the message is larger than ${MAX_BYTES} bytes.`,
        {
          exitCode: 1,
        },
      );
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}
