import {
  describeLock,
  imageOptionsReading,
  listsImage,
  lockFromMessage,
  MAX_OPTION_ENTRIES
} from '../../../src/clanforge/wire/image-options.ts';
import { readListing } from '../../helpers/list-reading.ts';

describe('image/options, read as it streams', () => {
  const IMAGE_12 = [{ imageid: 12, name: 'server', gameversionid: 3 }];
  const read = (value: unknown, imageId: number | undefined) => readListing(imageOptionsReading(imageId), value);

  it('reads the documented top-level diffid and updateid, and the lists', async () => {
    const answer = {
      diffid: 218595,
      updateid: 77,
      update_url: 's3://AK:SK@b/f',
      games: [{ gameid: 501, name: 'Space Game' }],
      images: IMAGE_12,
      machines: [{ machineid: 9001, name: 'build-1' }]
    };
    expect(await read(answer, 12)).toEqual({
      lock: { diffId: 218595, updateId: 77 },
      games: [{ id: 501, name: 'Space Game' }],
      images: [{ id: 12, name: 'server' }],
      machines: [{ id: 9001, name: 'build-1' }]
    });
    expect((await read({ diffid: '218595', games: [] }, 12)).lock).toEqual({ diffId: 218595, updateId: undefined });
  });

  it.each([0, '0', '', null, false])('reads diffid %p as not locked by a diff', async (value) => {
    expect((await read({ diffid: value, updateid: value, games: [], images: IMAGE_12 }, 12)).lock).toEqual({
      diffId: undefined,
      updateId: undefined
    });
  });

  it('reads an answer that lists the image and names no lock as not locked', async () => {
    expect((await read({ games: [{ gameid: 1, name: 'g' }], images: IMAGE_12 }, 12)).lock).toEqual({
      diffId: undefined,
      updateId: undefined
    });
  });

  it('says nothing about the lock of an image the answer does not list (the pair of another game)', async () => {
    const otherGame = { games: [{ gameid: 1 }, { gameid: 2 }], images: [{ imageid: 13, name: 'other' }], machines: [] };
    expect((await read(otherGame, 12)).lock).toBeUndefined();
    expect(listsImage(await read(otherGame, 12), 12)).toBe(false);
    expect(listsImage(await read({ images: IMAGE_12 }, 12), 12)).toBe(true);
  });

  it('reads the lock from the images entry of the image asked about (a list or a map)', async () => {
    const images = [
      { imageid: 11, diffid: 500 },
      { imageid: '12', diffid: '600', updateid: 0 }
    ];
    expect((await read({ games: [], images }, 12)).lock).toEqual({ diffId: 600, updateId: undefined });
    expect((await read({ games: [], images: { '12': { updateid: 9 }, '11': { diffid: 500 } } }, 12)).lock).toEqual({
      diffId: undefined,
      updateId: 9
    });
  });

  it('with neither parameter, keeps the lists and no lock', async () => {
    const answer = { diffid: 5, games: [{ gameid: '7', name: 'g' }, { name: 'no id' }], images: { '12': { name: 'i' } } };
    expect(await read(answer, undefined)).toEqual({
      lock: undefined,
      games: [{ id: 7, name: 'g' }],
      images: [{ id: 12, name: 'i' }],
      machines: []
    });
  });

  it('says nothing about the lock when the answer is of another shape', async () => {
    expect((await read({ success: true }, 12)).lock).toBeUndefined();
    expect((await read({ images: [] }, 12)).lock).toBeUndefined();
  });

  it('never keeps the default update URL, which may hold storage keys', async () => {
    const parsed = await read({ update_url: 's3://AKIA:secret@bucket/x', games: [], images: IMAGE_12 }, 12);
    expect(JSON.stringify(parsed)).not.toContain('secret');
  });

  it('refuses a list longer than any account holds, and cuts long names', async () => {
    const machines = Array.from({ length: MAX_OPTION_ENTRIES + 1 }, (_, i) => ({ machineid: i + 1 }));
    await expect(readListing(imageOptionsReading(undefined), { machines }, 1 << 20)).rejects.toThrow(
      `it lists more than ${MAX_OPTION_ENTRIES} machines`
    );
    const [game] = (await read({ games: [{ gameid: 1, name: 'g'.repeat(1000) }] }, undefined)).games;
    expect(game?.name).toHaveLength(200);
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
