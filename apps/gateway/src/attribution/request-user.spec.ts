import { inspectRequest } from '../recording/request-inspector';
import { parseJsonObject } from '../recording/payload-fields.util';
import {
  bodyUserOf,
  cutAt,
  MAX_USER_LENGTH,
  resolveUser,
} from './request-user';

const bodyUser = (body: object) =>
  bodyUserOf(parseJsonObject(JSON.stringify(body))!);

describe('bodyUserOf', () => {
  it('reads `user`, else `safety_identifier`', () => {
    expect(bodyUser({ user: 'u-1', safety_identifier: 's-1' })).toBe('u-1');
    expect(bodyUser({ safety_identifier: 's-1' })).toBe('s-1');
    expect(bodyUser({ user: '', safety_identifier: 's-1' })).toBe('s-1');
  });

  it('ignores values that are not non-empty strings', () => {
    expect(bodyUser({ user: 42, safety_identifier: { id: 1 } })).toBeNull();
    expect(bodyUser({ user: '   ' })).toBeNull();
    expect(bodyUser({})).toBeNull();
  });

  it('takes the object the request inspector parses, so nothing is parsed twice', () => {
    const body = Buffer.from('{"model":"m","user":"alice"}');
    expect(inspectRequest('chat.completions', body).model).toBe('m');
    expect(bodyUserOf(parseJsonObject(body.toString('utf8'))!)).toBe('alice');
  });
});

describe('resolveUser', () => {
  it('prefers the X-Gateway-User header to the body', () => {
    expect(resolveUser('team-lead', 'alice', true)).toEqual({
      user: 'team-lead',
      truncated: false,
    });
    expect(resolveUser(['first', 'second'], 'alice', true).user).toBe('first');
  });

  it('falls back to the body user when the header is missing or blank', () => {
    expect(resolveUser(undefined, 'alice', true).user).toBe('alice');
    expect(resolveUser('', 'alice', true).user).toBe('alice');
    expect(resolveUser(undefined, null, true).user).toBeNull();
  });

  it('records nobody when recording users is off', () => {
    expect(resolveUser('team-lead', 'alice', false)).toEqual({
      user: null,
      truncated: false,
    });
  });

  it('cuts a user longer than 256 characters and says so', () => {
    const long = 'u'.repeat(MAX_USER_LENGTH + 10);
    const result = resolveUser(long, null, true);
    expect(result.user).toHaveLength(MAX_USER_LENGTH);
    expect(result.truncated).toBe(true);
    const exact = 'u'.repeat(MAX_USER_LENGTH);
    expect(resolveUser(exact, null, true)).toEqual({
      user: exact,
      truncated: false,
    });
  });

  it('never cuts a character in half', () => {
    const text = 'a'.repeat(MAX_USER_LENGTH - 1) + '😀';
    expect(cutAt(text, MAX_USER_LENGTH)).toBe('a'.repeat(MAX_USER_LENGTH - 1));
    expect(cutAt('ab😀', 4)).toBe('ab😀');
  });
});
