// Answer fields: arbitrary values written over a route's JSON answers, from options,
// at run time and from the command line.
import { describe, expect, it } from '@jest/globals';
import { CliError, parseCli, parseDropField, parseField } from '../emulator/cli-args.ts';
import { EMULATOR_ASID, EMULATOR_IMAGE_ID, ROUTE_NAMES } from '../emulator/index.ts';
import { call, start, startClocked } from './helpers/emulator-http.ts';

const ASID = String(EMULATOR_ASID);
const PAYLOAD = 'Running\n::add-mask::x\n::set-output name=imageversionid::999\n::stop-commands::t';
const create = (emulator: Awaited<ReturnType<typeof start>>) =>
  call(emulator, '/cfp/v1/imageversion/create', { accountserviceid: ASID, diffid: '4242', restart: '0' });
const status = (emulator: Awaited<ReturnType<typeof start>>, id: number) =>
  call(emulator, `/cfp/v1/imageversion/${id}/status`, { accountserviceid: ASID });

describe('emulator: answer fields', () => {
  it('writes any value over a field of the create and status answers, the job going on as planned', async () => {
    const { emulator, clock } = await startClocked({
      time: { scale: 60 },
      faults: {
        answerFields: [
          { route: ROUTE_NAMES.imageVersionCreate, fields: { jobstatename: PAYLOAD, jobstateid: 6, extra: { nested: [1, 'two'] } } },
          { route: ROUTE_NAMES.imageVersionStatus, fields: { joberror: PAYLOAD } }
        ]
      }
    });
    const created = await create(emulator);
    expect(created.status).toBe(200);
    expect(created.json).toMatchObject({
      success: true,
      imageversionid: 1001,
      jobstatename: PAYLOAD,
      jobstateid: 6,
      extra: { nested: [1, 'two'] }
    });
    clock.advance(60_000);
    const polled = await status(emulator, 1001);
    // The status route was not told to change the state: the real job's state shows.
    expect(polled.json).toMatchObject({ success: true, jobstateid: 5, jobstatename: 'Complete', joberror: PAYLOAD });
    expect(emulator.versions.get(1001)?.job.at(clock.now()).stateId).toBe(5);
  });

  it('applies to chosen requests only, and removes a field given as undefined', async () => {
    const emulator = await start({
      faults: {
        answerFields: [{ route: ROUTE_NAMES.imageVersionStatus, request: 2, fields: { jobstateid: undefined, jobstatename: 'completed' } }]
      }
    });
    await create(emulator);
    const first = await status(emulator, 1001);
    const second = await status(emulator, 1001);
    const third = await status(emulator, 1001);
    expect(first.json).toHaveProperty('jobstateid');
    expect(second.json).not.toHaveProperty('jobstateid');
    expect(second.json['jobstatename']).toBe('completed');
    expect(third.json).toHaveProperty('jobstateid');
    expect(third.json['jobstatename']).not.toBe('completed');
  });

  it('reaches every route (updates, diffs, rollout) and API errors too; later specs win; a remover undoes one', async () => {
    const emulator = await start({ faults: { answerFields: [{ route: '*', fields: { stamp: 'first' } }] } });
    emulator.addAnswerFields({ route: ROUTE_NAMES.imageDiffStatus, fields: { added: { 'a\nb': {} }, stamp: 'diff' } });
    const remove = emulator.addAnswerFields({
      route: ROUTE_NAMES.imageRollout,
      fields: { fleets: { f: { name: PAYLOAD, pending_machines: 1 } } }
    });
    const update = await call(emulator, '/cfp/v1/imageupdate/create', {
      accountserviceid: ASID,
      imageid: String(EMULATOR_IMAGE_ID),
      machineid: '9',
      desc: 'x',
      url: 's3://bucket/build/'
    });
    expect(update.json).toMatchObject({ success: true, updateid: 3001, stamp: 'first' });
    const diffStatus = await call(emulator, '/cfp/v1/imagediff/777/status', { accountserviceid: ASID, diff_info: '1' });
    expect(diffStatus.json).toMatchObject({ added: { 'a\nb': {} }, stamp: 'diff' });
    const rollout = () => call(emulator, `/cfp/v2/project/${ASID}/image/${EMULATOR_IMAGE_ID}/status`, { detail: 'true' });
    expect((await rollout()).json['fleets']).toEqual({ f: { name: PAYLOAD, pending_machines: 1 } });
    remove();
    expect(JSON.stringify((await rollout()).json['fleets'])).not.toContain('::add-mask::');
    const refused = await call(emulator, '/cfp/v1/imageversion/create', { accountserviceid: ASID, restart: '0' });
    expect(refused.status).toBe(400);
    expect(refused.json).toMatchObject({ success: false, error: true, stamp: 'first' });
  });

  it('leaves injected fault answers alone', async () => {
    const emulator = await start({
      faults: {
        answerFields: [{ route: ROUTE_NAMES.imageVersionCreate, fields: { jobstatename: PAYLOAD } }],
        specs: [{ route: ROUTE_NAMES.imageVersionCreate, request: 1, kind: 'respond', status: 503 }]
      }
    });
    const refused = await create(emulator);
    expect(refused.status).toBe(503);
    expect(refused.text).not.toContain('::add-mask::');
    expect((await create(emulator)).json['jobstatename']).toBe(PAYLOAD);
  });

  it('refuses a spec it cannot apply', async () => {
    await expect(start({ faults: { answerFields: [{ route: '', fields: {} }] } })).rejects.toThrow(TypeError);
    await expect(start({ faults: { answerFields: [{ route: 'x', request: 0, fields: {} }] } })).rejects.toThrow(TypeError);
  });
});

describe('emulator CLI: --field and --drop-field', () => {
  it.each([
    [
      'status:jobstatename="Running\\n::add-mask::x"',
      { route: ROUTE_NAMES.imageVersionStatus, request: 'every', fields: { jobstatename: 'Running\n::add-mask::x' } }
    ],
    ['create:jobstateid=6', { route: ROUTE_NAMES.imageVersionCreate, request: 'every', fields: { jobstateid: 6 } }],
    ['create:1:jobstateid="6"', { route: ROUTE_NAMES.imageVersionCreate, request: 1, fields: { jobstateid: '6' } }],
    ['diff-status:2-3:added={"a":{}}', { route: ROUTE_NAMES.imageDiffStatus, request: [2, 3], fields: { added: { a: {} } } }],
    ['update-status:joberror=disk full', { route: ROUTE_NAMES.imageUpdateStatus, request: 'every', fields: { joberror: 'disk full' } }],
    ['rollout:fleets=null', { route: ROUTE_NAMES.imageRollout, request: 'every', fields: { fleets: null } }],
    ['imageversion.status:x==', { route: ROUTE_NAMES.imageVersionStatus, fields: { x: '=' } }]
  ])('parses --field %s', (spec, expected) => {
    expect(parseField(spec)).toEqual({ request: 'every', ...expected });
  });

  it('parses --drop-field and maps both flags onto the options', () => {
    expect(parseDropField('status:2:jobstateid')).toEqual({
      route: ROUTE_NAMES.imageVersionStatus,
      request: 2,
      fields: { jobstateid: undefined }
    });
    const settings = parseCli(['--field', 'create:jobfailed=1', '--drop-field', 'status:jobstateid']);
    expect(settings.options.faults?.answerFields).toEqual([
      { route: ROUTE_NAMES.imageVersionCreate, request: 'every', fields: { jobfailed: 1 } },
      { route: ROUTE_NAMES.imageVersionStatus, request: 'every', fields: { jobstateid: undefined } }
    ]);
    expect(parseCli([]).options.faults).not.toHaveProperty('answerFields');
  });

  it.each([
    ['--field', 'status'],
    ['--field', '=1'],
    ['--field', 'status:=1'],
    ['--field', 'status:0:x=1'],
    ['--drop-field', 'a:b:c:d'],
    ['--drop-field', 'status:']
  ])('rejects %s %s', (flag, spec) => {
    expect(() => parseCli([flag, spec])).toThrow(CliError);
  });
});
