import type OpenAI from 'openai';
import {
  fakeHeaders,
  type FakeHeaderOptions,
} from '../fixtures/fake-openai-backend';
import { fakeOptions } from './chat-requests';

export const SECRET_KEY = 'sk-e2e-secret-key-4f1d9c';
export const SECRET_PROMPT = 'the vault code is 7781-4412';
export const MESSAGES: OpenAI.Chat.ChatCompletionMessageParam[] = [
  { role: 'user', content: SECRET_PROMPT },
];

/** A chat request with fetch, for answers the openai client would not show as they are. */
export function postChat(
  baseUrl: string,
  requestId: string,
  fake: FakeHeaderOptions = {},
): Promise<Response> {
  return fetch(`${baseUrl}/v1/chat/completions`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${SECRET_KEY}`,
      'content-type': 'application/json',
      'x-request-id': requestId,
      ...fakeHeaders(fake),
    },
    body: JSON.stringify({ model: 'm', messages: MESSAGES }),
  });
}

/** Chat requests with the secret prompt through the openai client, plain and streamed. */
export function secretChats(client: () => OpenAI) {
  return {
    chat: (requestId: string, fake: FakeHeaderOptions) =>
      client().chat.completions.create(
        { model: 'gpt-4o-mini', messages: MESSAGES },
        fakeOptions(requestId, fake),
      ),
    chatStream: (requestId: string, fake: FakeHeaderOptions) =>
      client().chat.completions.create(
        { model: 'gpt-4o-mini', messages: MESSAGES, stream: true },
        fakeOptions(requestId, fake),
      ),
  };
}
