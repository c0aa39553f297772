import type OpenAI from 'openai';
import {
  fakeHeaders,
  type FakeBackend,
  type FakeHeaderOptions,
} from '../fixtures/fake-openai-backend';
import { rawRequest, type RawResponse } from './raw-http';

/** A short chat with a system prompt, as the chat completion specs send it. */
export const HELLO_MESSAGES: OpenAI.Chat.ChatCompletionMessageParam[] = [
  { role: 'system', content: 'You are terse.' },
  { role: 'user', content: 'Say hello.' },
];

/** Client request options that steer the fake backend, under a known request id. */
export const fakeOptions = (
  requestId: string,
  fake: FakeHeaderOptions = {},
) => ({
  headers: { ...fakeHeaders(fake), 'x-request-id': requestId },
});

/** The JSON body of the first request the fake backend received. */
export const firstBodySent = (backend: FakeBackend): Record<string, unknown> =>
  JSON.parse(backend.requests[0].body.toString()) as Record<string, unknown>;

/** Bytes from text, byte lists and buffers, for bodies no string can spell. */
export const bytes = (...parts: (string | number[] | Buffer)[]) =>
  Buffer.concat(
    parts.map((part) =>
      typeof part === 'string' ? Buffer.from(part) : Buffer.from(part),
    ),
  );

/** Posts chat requests, each body sent exactly as given, to the gateway at `baseUrl()`. */
export function rawChatPoster(baseUrl: () => string) {
  return (
    requestId: string,
    body: Buffer,
    headers: Record<string, string> = {},
  ): Promise<RawResponse> =>
    rawRequest(baseUrl(), {
      method: 'POST',
      path: '/v1/chat/completions',
      headers: {
        'content-type': 'application/json',
        'x-request-id': requestId,
        ...headers,
      },
      body,
    });
}
