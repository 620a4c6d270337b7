// Big answers made on request, for clients that must read answers of any size in bounded
// memory: install lists of images with thousands of machines. Big answers are streamed
// (chunked, no Content-Length) and recorded by their start only; small ones are unchanged.
import { describe, expect, it } from '@jest/globals';
import { CliError, parseCli, parseFault } from '../emulator/cli-args.ts';
import {
  EMULATOR_ASID,
  EMULATOR_IMAGE,
  EMULATOR_IMAGE_ID,
  RECORDED_BODY_LIMIT,
  ROUTE_NAMES,
  STREAM_THRESHOLD,
  manualClock,
  withMachinesPerRegion
} from '../emulator/index.ts';
import type { Emulator, FaultBody, FaultSpec } from '../emulator/index.ts';
import { T0, call, present, start, timed } from './helpers/emulator-http.ts';

const ASID = String(EMULATOR_ASID);

const createVersion = async (emulator: Emulator, diffid: number): Promise<void> => {
  const reply = await call(emulator, '/cfp/v1/imageversion/create', { accountserviceid: ASID, diffid: String(diffid), restart: '0' });
  expect(reply.status).toBe(200);
};

interface InstallRow {
  jobid: number;
  target_imageversionid: number;
  machine: { machineid: number; name: string };
  image: { imageid: number };
}

describe('install lists of images with many machines', () => {
  it('lists a row per install for 20 000 machines, streamed, with unique job and machine ids', async () => {
    const clock = manualClock(T0);
    const image = withMachinesPerRegion(EMULATOR_IMAGE, 5000);
    const emulator = await start(timed(clock, { images: [image] }));
    await createVersion(emulator, 42);
    const reply = await call(emulator, '/cfp/v1/imageinstall/status', { accountserviceid: ASID });
    expect(reply.status).toBe(200);
    expect(reply.text.length).toBeGreaterThan(STREAM_THRESHOLD);
    expect(reply.headers.get('content-length')).toBeNull();
    expect(reply.headers.get('transfer-encoding')).toBe('chunked');
    const rows = reply.json.installs as InstallRow[];
    expect(rows).toHaveLength(20_000);
    expect(new Set(rows.map((row) => row.jobid)).size).toBe(20_000);
    expect(rows.map((row) => row.jobid)).toEqual(rows.map((_, i) => 9001 + i));
    const machineIds = rows.map((row) => row.machine.machineid);
    expect(new Set(machineIds).size).toBe(20_000);
    expect(rows[0]?.machine).toEqual({ machineid: 177_000, name: 'machine-177000' });
    expect(rows.every((row) => row.target_imageversionid === 1001 && row.machine.name === `machine-${row.machine.machineid}`)).toBe(true);
    // The rows left are the machines the v2 view counts as pending, big or small.
    clock.set(T0 + 12_500);
    const midway = await call(emulator, '/cfp/v1/imageinstall/status', { accountserviceid: ASID });
    const pending = await call(emulator, `/cfp/v2/project/${ASID}/image/${EMULATOR_IMAGE_ID}/status`);
    expect((midway.json.installs as unknown[]).length).toBe(pending.json.pending_machines);
    expect(pending.json.pending_machines).toBeGreaterThan(0);
    expect(pending.json.pending_machines).toBeLessThan(20_000);
  });

  it('records a streamed answer by its first 64 Ki characters and its size', async () => {
    const emulator = await start({ images: [withMachinesPerRegion(EMULATOR_IMAGE, 2000)], versions: { plan: { durationSeconds: 60 } } });
    await createVersion(emulator, 42);
    const reply = await call(emulator, '/cfp/v1/imageinstall/status', { accountserviceid: ASID });
    const [recorded] = await emulator.waitForRequests(1, { route: ROUTE_NAMES.imageInstallStatus });
    const request = present(recorded, 'the recorded install status');
    expect(request).toMatchObject({ status: 200, responseTruncated: true, responseBytes: Buffer.byteLength(reply.text) });
    expect(request.responseBody).toBe(reply.text.slice(0, RECORDED_BODY_LIMIT));
    expect(request.responseHeaders).not.toHaveProperty('content-length');
  });

  it('keeps machine ids unique across images of more than 1000 machines, and as before for smaller ones', async () => {
    const clock = manualClock(T0);
    const big = withMachinesPerRegion(EMULATOR_IMAGE, 400); // 1600 machines
    const images = [big, { ...big, imageid: 78 }, { ...EMULATOR_IMAGE, imageid: 90 }, { ...EMULATOR_IMAGE, imageid: 300 }];
    const emulator = await start(timed(clock, { images }));
    // A version belongs to the image its diff was made for: diffs 5001..5004.
    for (const image of images) {
      const made = await call(emulator, '/cfp/v1/imagediff/create', {
        accountserviceid: ASID,
        imageid: String(image.imageid),
        machineid: '1'
      });
      expect(made.status).toBe(200);
    }
    clock.advance(60_000);
    for (const diffid of [5001, 5002, 5003, 5004]) await createVersion(emulator, diffid);
    const rows = (await call(emulator, '/cfp/v1/imageinstall/status', { accountserviceid: ASID })).json.installs as InstallRow[];
    const ids = rows.map((row) => row.machine.machineid);
    expect(rows).toHaveLength(1600 + 1600 + 40 + 40);
    expect(new Set(ids).size).toBe(ids.length);
    const first = (imageid: number): number | undefined => rows.find((row) => row.image.imageid === imageid)?.machine.machineid;
    // 77: 177000..178599; 78 would start at 178000, so it starts after 77's last.
    expect([first(77), first(78), first(90), first(300)]).toEqual([177_000, 178_600, 190_000, 400_000]);
  });

  it('keeps small answers whole, with Content-Length', async () => {
    const emulator = await start();
    await createVersion(emulator, 42);
    const reply = await call(emulator, '/cfp/v1/imageinstall/status', { accountserviceid: ASID });
    expect(reply.headers.get('content-length')).toBe(String(Buffer.byteLength(reply.text)));
    expect((reply.json.installs as unknown[]).length).toBe(40);
    const [recorded] = await emulator.waitForRequests(1, { route: ROUTE_NAMES.imageInstallStatus });
    expect(recorded).toMatchObject({ responseBody: reply.text, responseTruncated: false, responseBytes: Buffer.byteLength(reply.text) });
  });

  it('sets every region of every image from --machines-per-region N', () => {
    const { options } = parseCli(['--machines-per-region', '2500', '--image', '77', '--image', '88:9']);
    const images = present(options.images, 'the images');
    expect(images.map((image) => image.imageid)).toEqual([77, 88]);
    for (const image of images) {
      expect(image.fleets.flatMap((fleet) => fleet.regions.map((region) => region.machines))).toEqual([2500, 2500, 2500, 2500]);
    }
    expect(parseCli(['--machines-per-region', '3']).options.images).toEqual([withMachinesPerRegion(EMULATOR_IMAGE, 3)]);
    expect(() => parseCli(['--machines-per-region', '-1'])).toThrow(CliError);
  });
});

type FileMap = Record<string, { size: number; md5: string }>;
const PATH_SHAPE = /^Server\/(Content|Binaries)\/[A-Za-z/]+\/Group_\d{3}\/file_\d{6}\.(pak|umap|uasset|ubulk|uexp|so)$/;

describe('diffs of many files', () => {
  it('answers a 100 000-file diff_info of about 12 MB: a quarter added, half modified, a quarter removed', async () => {
    const clock = manualClock(T0);
    const emulator = await start({ time: { clock, scale: 60 }, diffs: { plan: { files: 100_000 } } });
    await call(emulator, '/cfp/v1/imagediff/create', { accountserviceid: ASID, imageid: String(EMULATOR_IMAGE_ID), machineid: '48213' });
    clock.advance(1000);
    const reply = await call(emulator, '/cfp/v1/imagediff/5001/status', { accountserviceid: ASID, diff_info: '1' });
    expect(reply.status).toBe(200);
    const bytes = Buffer.byteLength(reply.text);
    expect(bytes).toBeGreaterThan(12_000_000);
    expect(bytes).toBeLessThan(14_000_000);
    expect(reply.headers.get('content-length')).toBeNull();
    expect(reply.json).toMatchObject({ success: true, diffid: 5001, jobstateid: 5, image: { imageid: EMULATOR_IMAGE_ID } });
    const maps = { added: reply.json.added as FileMap, modified: reply.json.modified as FileMap, removed: reply.json.removed as FileMap };
    expect(Object.values(maps).map((map) => Object.keys(map).length)).toEqual([25_000, 50_000, 25_000]);
    const paths = Object.values(maps).flatMap((map) => Object.keys(map));
    expect(new Set(paths).size).toBe(100_000);
    expect(paths.filter((path) => !PATH_SHAPE.test(path))).toEqual([]);
    expect(paths[0]).toBe('Server/Content/Paks/Group_000/file_000000.pak');
    expect(Object.keys(maps.removed).at(-1)).toBe('Server/Binaries/Linux/Plugins/Group_099/file_099999.so');
    const files = Object.values(maps).flatMap((map) => Object.values(map));
    const odd = files.filter(
      (file) =>
        Object.keys(file).join() !== 'size,md5' || !Number.isInteger(file.size) || file.size <= 0 || !/^[0-9a-f]{32}$/.test(file.md5)
    );
    expect(odd).toEqual([]);
    // Checksums differ from file to file, as real ones would.
    expect(new Set(files.map((file) => file.md5)).size).toBe(100_000);
    // The same answer again, to the byte: paths, sizes and checksums are deterministic.
    const again = await call(emulator, '/cfp/v1/imagediff/5001/status', { accountserviceid: ASID, diff_info: '1' });
    expect(again.text === reply.text).toBe(true);
    // Without diff_info the answer stays small.
    const plain = await call(emulator, '/cfp/v1/imagediff/5001/status', { accountserviceid: ASID });
    expect(plain.headers.get('content-length')).toBe(String(Buffer.byteLength(plain.text)));
  });

  it('takes counts by kind, and counts of zero make a diff without changes', async () => {
    const clock = manualClock(T0);
    const emulator = await start({
      time: { clock, scale: 60 },
      diffs: { plans: [{ files: { added: 2, removed: 1 } }, { files: 0 }] },
      format: { emptyMapsAsLists: true }
    });
    const diff = () =>
      call(emulator, '/cfp/v1/imagediff/create', { accountserviceid: ASID, imageid: String(EMULATOR_IMAGE_ID), machineid: '1' });
    await diff();
    clock.advance(1000);
    const first = await call(emulator, '/cfp/v1/imagediff/5001/status', { accountserviceid: ASID, diff_info: '1' });
    expect(Object.keys(first.json.added as FileMap)).toEqual([
      'Server/Content/Paks/Group_000/file_000000.pak',
      'Server/Content/Maps/Harbor/Streaming/Group_000/file_000001.umap'
    ]);
    expect(first.json.modified).toEqual([]);
    expect(Object.keys(first.json.removed as FileMap)).toEqual(['Server/Content/Characters/Heroes/Meshes/Group_000/file_000002.uasset']);
    expect(emulator.diffs.get(5001)?.changes.added.at(1)).toBe('Server/Content/Maps/Harbor/Streaming/Group_000/file_000001.umap');
    await call(emulator, '/cfp/v1/imagediff/5001/reject', { accountserviceid: ASID, reinstall: '0' });
    await diff();
    clock.advance(1000);
    expect(emulator.diffs.get(5002)?.empty).toBe(true);
    const version = await call(emulator, '/cfp/v1/imageversion/create', { accountserviceid: ASID, diffid: '5002', restart: '0' });
    expect(version.json.error_message).toBe('image diff 5002 has no changes: a full image is required (full=1)');
  });

  it('gives a diff made elsewhere its own files (diffs.findings), which then exists', async () => {
    const emulator = await start({ diffs: { knownIds: [1], findings: { 4242: { files: { modified: 3 } }, 4243: { empty: true } } } });
    const reply = await call(emulator, '/cfp/v1/imagediff/4242/status', { accountserviceid: ASID, diff_info: '1' });
    expect(reply.json).toMatchObject({ diffid: 4242, jobstateid: 5, added: {}, removed: {} });
    expect(Object.keys(reply.json.modified as FileMap)).toHaveLength(3);
    const other = await call(emulator, '/cfp/v1/imagediff/1/status', { accountserviceid: ASID, diff_info: '1' });
    expect(Object.keys(other.json.added as FileMap)).toEqual(['Server/Content/Paks/patch_0_P.pak']);
    const empty = await call(emulator, '/cfp/v1/imageversion/create', { accountserviceid: ASID, diffid: '4243', restart: '0' });
    expect(empty.json.error_message).toContain('full=1');
    const created = await call(emulator, '/cfp/v1/imagediff/create', {
      accountserviceid: ASID,
      imageid: String(EMULATOR_IMAGE_ID),
      machineid: '1'
    });
    expect(created.json.diffid).toBe(5001);
  });

  it('refuses files it cannot make, at start or when queued', async () => {
    await expect(start({ diffs: { plan: { files: -1 } } })).rejects.toThrow(/files/);
    await expect(start({ diffs: { plan: { files: { added: 1.5 } } } })).rejects.toThrow(/files.added/);
    await expect(start({ diffs: { plan: { files: { changed: 1 } as unknown as { added: number } } } })).rejects.toThrow(/files.changed/);
    await expect(start({ diffs: { plan: { files: 1, changes: { added: ['a'] } } } })).rejects.toThrow(/changes or files/);
    await expect(start({ diffs: { emptyIds: [7], findings: { 7: { files: 1 } } } })).rejects.toThrow(/emptyIds/);
    await expect(start({ diffs: { findings: { 0: { files: 1 } } } })).rejects.toThrow(/diffid/);
    const emulator = await start();
    expect(() => emulator.queueDiffJobs({ files: Number.NaN })).toThrow(TypeError);
  });

  it('maps --diff-files N and N@DIFFID', () => {
    const { options } = parseCli(['--diff-files', '100000', '--diff-files', '40@4242', '--diff-files', '0@7', '--diff-empty']);
    expect(options.diffs).toMatchObject({ plan: { files: 100_000, empty: true }, findings: { 4242: { files: 40 }, 7: { files: 0 } } });
    for (const bad of [['x'], ['1@x'], ['1@2@3'], ['-5'], ['1', '2']]) {
      expect(() => parseCli(bad.flatMap((spec) => ['--diff-files', spec]))).toThrow(CliError);
    }
  });
});

type LargeBody = Extract<FaultBody, { kind: 'large' }>;

describe('over-size answers (a large fault body)', () => {
  const DIFF_STATUS = '/cfp/v1/imagediff/77/status';

  it('answers with valid JSON of exactly the size asked, with Content-Length, in pieces', async () => {
    const emulator = await start({
      faults: {
        specs: [
          { route: ROUTE_NAMES.imageDiffStatus, request: 1, kind: 'respond', status: 200, body: { kind: 'large', bytes: 20_000_000 } }
        ]
      }
    });
    const reply = await call(emulator, DIFF_STATUS, { accountserviceid: ASID });
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-length')).toBe('20000000');
    expect(reply.headers.get('content-type')).toBe('application/json');
    expect(Buffer.byteLength(reply.text)).toBe(20_000_000);
    expect(Object.keys(reply.json)).toEqual(['success', 'padding']);
    expect(reply.json.success).toBe(true);
    expect(reply.json.padding).toMatch(/^x+$/);
    const [recorded] = await emulator.waitForRequests(1, { route: ROUTE_NAMES.imageDiffStatus });
    expect(recorded).toMatchObject({ status: 200, fault: 'respond', responseBytes: 20_000_000, responseTruncated: true });
    expect(recorded?.responseBody).toHaveLength(RECORDED_BODY_LIMIT);
    // Only the faulted request: the next one is the real answer.
    expect((await call(emulator, DIFF_STATUS, { accountserviceid: ASID })).json).toMatchObject({ diffid: 77, jobstateid: 5 });
  });

  it('sends it chunked without Content-Length when told, even when small, around a given value and field', async () => {
    const value = { success: true, diffid: 77, jobstateid: 5, added: {} };
    const emulator = await start({
      faults: {
        specs: [
          {
            route: '*',
            kind: 'respond',
            status: 200,
            body: { kind: 'large', bytes: 3_000_000, contentLength: false, value, field: 'joberror' }
          }
        ]
      }
    });
    const reply = await call(emulator, DIFF_STATUS, { accountserviceid: ASID });
    expect(reply.headers.get('content-length')).toBeNull();
    expect(reply.headers.get('transfer-encoding')).toBe('chunked');
    expect(Buffer.byteLength(reply.text)).toBe(3_000_000);
    expect(reply.json).toMatchObject(value);
    expect(reply.json.joberror).toMatch(/^x+$/);
    const small = await start({
      faults: { specs: [{ route: '*', kind: 'respond', status: 502, body: { kind: 'large', bytes: 40, contentLength: false } }] }
    });
    const tiny = await call(small, DIFF_STATUS, { accountserviceid: ASID });
    expect([tiny.status, tiny.headers.get('content-length'), tiny.headers.get('transfer-encoding')]).toEqual([502, null, 'chunked']);
    expect(tiny.text).toBe(`{"success":true,"padding":"${'x'.repeat(40 - 29)}"}`);
  });

  it('stops writing when the client goes away, recording the request as aborted', async () => {
    const emulator = await start({
      faults: {
        specs: [{ route: ROUTE_NAMES.imageInstallStatus, kind: 'respond', status: 200, body: { kind: 'large', bytes: 1_000_000_000 } }]
      }
    });
    const controller = new AbortController();
    const response = await fetch(`${emulator.url}/cfp/v1/imageinstall/status?accountserviceid=${ASID}`, {
      headers: { authorization: emulator.authorization },
      signal: controller.signal
    });
    expect(response.headers.get('content-length')).toBe('1000000000');
    const reader = present(response.body ?? undefined, 'a body').getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value).startsWith('{"success":true,"padding":"x')).toBe(true);
    controller.abort();
    const [recorded] = await emulator.waitForRequests(1, { route: ROUTE_NAMES.imageInstallStatus });
    expect(recorded?.status).toBe('aborted');
    expect(recorded?.responseBytes).toBeLessThan(100_000_000);
  });

  it('refuses a size its JSON cannot have, or a field the value already has, when the fault is given', async () => {
    const large = (body: Omit<LargeBody, 'kind'>): FaultSpec => ({
      route: '*',
      kind: 'respond',
      status: 200,
      body: { kind: 'large', ...body }
    });
    await expect(start({ faults: { specs: [large({ bytes: 28 })] } })).rejects.toThrow(/less than the 29 bytes/);
    await expect(start({ faults: { specs: [large({ bytes: 1.5 })] } })).rejects.toThrow(/bytes/);
    await expect(start({ faults: { specs: [large({ bytes: 100, value: { padding: 1 } })] } })).rejects.toThrow(
      /already has the field padding/
    );
    await expect(start({ faults: { specs: [large({ bytes: 100, value: [1] as unknown as Record<string, unknown> })] } })).rejects.toThrow(
      /JSON object/
    );
    const emulator = await start();
    expect(() => emulator.addFault({ route: '*', kind: 'respond', status: 200, body: { kind: 'large', bytes: -1 } })).toThrow(TypeError);
  });

  it('is a CLI fault: bytes=N, content-length=0, field=NAME', () => {
    expect(parseFault('diff-status:1:200,bytes=20000000')).toMatchObject({
      route: ROUTE_NAMES.imageDiffStatus,
      request: 1,
      kind: 'respond',
      status: 200,
      body: { kind: 'large', bytes: 20_000_000 }
    });
    const chunked = parseFault('installs:every:200,bytes=5000,content-length=0,field=installs');
    expect(chunked.kind === 'respond' ? chunked.body : undefined).toEqual({
      kind: 'large',
      bytes: 5000,
      contentLength: false,
      field: 'installs'
    });
    expect(parseFault('status:2:503,bytes=100,content-length=1,retry-after=3')).toMatchObject({ headers: { 'retry-after': '3' } });
    for (const bad of [
      'status:1:200,bytes=x',
      'status:1:200,bytes=10,content-length=2',
      'status:1:200,content-length=0',
      'status:1:200,bytes=9,body=html'
    ]) {
      expect(() => parseFault(bad)).toThrow(CliError);
    }
  });
});
