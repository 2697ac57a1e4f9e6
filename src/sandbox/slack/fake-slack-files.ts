/**
 * The fake's side of `files.uploadV2`: files.getUploadURLExternal hands out a loopback
 * upload URL, the bytes are POSTed there (raw or multipart, as @slack/web-api sends them),
 * and files.completeUploadExternal shares the files as a message in the channel or thread.
 */
import { extname } from 'node:path';
import { isObject, type Json } from './block-checks.ts';
import { fail, type Handler } from './fake-slack-chat.ts';
import type { SlackWorld, StoredFile } from './fake-slack-world.ts';

const MIME_TYPES: Record<string, string> = {
  '.pdf': 'application/pdf',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.csv': 'text/csv',
  '.txt': 'text/plain',
  '.json': 'application/json',
};

/** A file object shaped like files.info's. */
function toApiFile(world: SlackWorld, file: StoredFile): Json {
  const name = file.filename;
  return {
    id: file.id,
    created: Math.floor(world.now() / 1000),
    name,
    title: file.title ?? name,
    mimetype: MIME_TYPES[extname(name).toLowerCase()] ?? 'application/octet-stream',
    filetype: extname(name).slice(1) || 'binary',
    user: world.identity.botUserId,
    size: file.bytes?.length ?? file.length,
    alt_txt: file.altText,
    url_private: `https://files.slack.com/files-pri/${world.identity.teamId}-${file.id}/${name}`,
  };
}

/** Store the bytes POSTed to an upload URL; false when the URL names no pending file. */
export async function receiveUpload(
  world: SlackWorld,
  fileId: string,
  contentType: string,
  body: Buffer,
): Promise<boolean> {
  const file = world.files.get(fileId);
  if (!file) return false;
  file.bytes = body;
  if (contentType.startsWith('multipart/form-data')) {
    const form = await new Response(new Uint8Array(body), {
      headers: { 'content-type': contentType },
    }).formData();
    for (const value of form.values()) {
      file.bytes =
        typeof value === 'string' ? Buffer.from(value) : Buffer.from(await value.arrayBuffer());
      break;
    }
  }
  return true;
}

export const fileMethods: Record<string, Handler> = {
  'files.getUploadURLExternal'(world, args, { origin }) {
    const length = Number(args.length);
    if (typeof args.filename !== 'string' || args.filename === '') {
      return fail('invalid_arguments', { response_metadata: { messages: ['filename required'] } });
    }
    if (!Number.isInteger(length) || length < 0) {
      return fail('invalid_arguments', { response_metadata: { messages: ['length required'] } });
    }
    const id = world.newId('F');
    const altText = typeof args.alt_text === 'string' ? args.alt_text : undefined;
    world.files.set(id, { id, filename: args.filename, length, altText, shared: false });
    return { ok: true, upload_url: `${origin}/upload/v1/${id}`, file_id: id };
  },

  'files.completeUploadExternal'(world, args) {
    if (!Array.isArray(args.files) || args.files.length === 0) {
      return fail('invalid_arguments', { response_metadata: { messages: ['files required'] } });
    }
    const files: StoredFile[] = [];
    for (const entry of args.files) {
      const file = isObject(entry) ? world.files.get(String(entry.id)) : undefined;
      if (!file?.bytes) return fail('file_not_found');
      if (isObject(entry) && typeof entry.title === 'string') file.title = entry.title;
      files.push(file);
    }
    let channel: string | undefined;
    let threadTs: string | undefined;
    if (args.channel_id !== undefined) {
      channel = world.resolveChannel(args.channel_id);
      if (!channel) return fail('channel_not_found');
      if (args.thread_ts !== undefined) {
        const parent = world.findMessage(channel, args.thread_ts);
        if (!parent) return fail('thread_not_found');
        threadTs = parent.thread_ts ?? parent.ts;
      }
    }
    const apiFiles = files.map((file) => toApiFile(world, file));
    if (channel) {
      for (const file of files) file.shared = true;
      world.addMessage(channel, {
        text: typeof args.initial_comment === 'string' ? args.initial_comment : '',
        blocks: args.blocks as unknown[] | undefined,
        files: apiFiles,
        upload: true,
        thread_ts: threadTs,
      });
    }
    return { ok: true, files: apiFiles };
  },
};
