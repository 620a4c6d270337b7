import { describeLock, lockFromMessage, parseImageOptions } from '../../../src/clanforge/wire/image-options.ts';

describe('parseImageOptions', () => {
  it('reads the documented top-level diffid and updateid', () => {
    expect(parseImageOptions({ diffid: 218595, updateid: 77, update_url: 's3://AK:SK@b/f', games: [], images: [] }, 12)).toEqual({
      lock: { diffId: 218595, updateId: 77 },
      hasDefaultUpdateUrl: true
    });
    expect(parseImageOptions({ diffid: '218595', games: [] }, 12).lock).toEqual({ diffId: 218595, updateId: undefined });
  });

  it.each([0, '0', '', null, false])('reads diffid %p as not locked by a diff', (value) => {
    expect(parseImageOptions({ diffid: value, updateid: value, games: [] }, 12).lock).toEqual({ diffId: undefined, updateId: undefined });
  });

  it('reads a documented answer without the optional lock fields as not locked', () => {
    expect(parseImageOptions({ games: [{ gameid: 1, name: 'g' }], images: [{ imageid: 12, name: 'i', gameversionid: '3' }] }, 12)).toEqual({
      lock: { diffId: undefined, updateId: undefined },
      hasDefaultUpdateUrl: undefined
    });
  });

  it('reads the lock from the images entry of the image asked about (a list or a map)', () => {
    const images = [
      { imageid: 11, diffid: 500 },
      { imageid: '12', diffid: '600', updateid: 0 }
    ];
    expect(parseImageOptions({ games: [], images }, 12).lock).toEqual({ diffId: 600, updateId: undefined });
    expect(parseImageOptions({ games: [], images: { '12': { updateid: 9 }, '11': { diffid: 500 } } }, 12).lock).toEqual({
      diffId: undefined,
      updateId: 9
    });
    expect(parseImageOptions({ games: [], images }, 13).lock).toEqual({ diffId: undefined, updateId: undefined });
  });

  it('says nothing about the lock when the answer is of another shape', () => {
    expect(parseImageOptions({ success: true }, 12)).toEqual({ lock: undefined, hasDefaultUpdateUrl: undefined });
    expect(parseImageOptions({ images: [] }, 12).lock).toEqual({ diffId: undefined, updateId: undefined });
  });

  it('keeps only whether a default update URL is set, never its text', () => {
    const parsed = parseImageOptions({ update_url: 's3://AKIA:secret@bucket/x', games: [] }, 12);
    expect(JSON.stringify(parsed)).not.toContain('secret');
    expect(parseImageOptions({ update_url: '', games: [] }, 12).hasDefaultUpdateUrl).toBe(false);
    expect(parseImageOptions({ update_url: null, games: [] }, 12).hasDefaultUpdateUrl).toBe(false);
  });
});

describe('lockFromMessage and describeLock', () => {
  it.each([
    ['image locked by diffid: 218595', { diffId: 218595, updateId: undefined }],
    ['Image Locked By DiffID 5', { diffId: 5, updateId: undefined }],
    ['image locked by updateid: 77', { diffId: undefined, updateId: 77 }],
    ['Forbidden', undefined],
    ['image locked by diffid: 0', undefined]
  ])('%s', (message, lock) => {
    expect(lockFromMessage(message)).toEqual(lock);
  });

  it('describes each lock state', () => {
    expect(describeLock(undefined)).toBe('the answer does not say what locks the image');
    expect(describeLock({ diffId: undefined, updateId: undefined })).toBe('not locked');
    expect(describeLock({ diffId: 5, updateId: 6 })).toBe('locked by diff 5 and update 6');
  });
});
