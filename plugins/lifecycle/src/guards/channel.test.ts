import { describe, expect, it } from 'vitest';
import { chooseChannel } from './channel';

describe('chooseChannel', () => {
  const allowed = ['app', 'email', 'sms'];
  it('prefers the profile channel, then the last used, then the first allowed', () => {
    expect(chooseChannel(allowed, { channel: 'sms', lastChannel: 'email' })).toEqual({ channel: 'sms' });
    expect(chooseChannel(allowed, { lastChannel: 'email' })).toEqual({ channel: 'email' });
    expect(chooseChannel(allowed, {})).toEqual({ channel: 'app' });
  });

  it('ignores preferences that are not allowed for this message', () => {
    expect(chooseChannel(['email'], { channel: 'sms' })).toEqual({ channel: 'email' });
  });

  it('skips opted-out channels, and opting out of all silences care', () => {
    expect(chooseChannel(allowed, { channel: 'app', optOut: ['app'] })).toEqual({ channel: 'email' });
    expect(chooseChannel(['app'], { optOut: ['app'] })).toEqual({ channel: null, reason: 'opted-out' });
    expect(chooseChannel(allowed, { optOut: ['all'] })).toEqual({ channel: null, reason: 'opted-out' });
    expect(chooseChannel([], {})).toEqual({ channel: null, reason: 'no-channel' });
  });
});
