import { parseInstallRow, parseInstalls } from '../../../src/clanforge/wire/installs.ts';

/** The docs' example row, with values filled in. */
const DOC_ROW = {
  jobid: 9001,
  jobcreated: 1767225600,
  joberror: '',
  jobeta: 1767226200,
  jobfailed: 0,
  jobprogress: 10,
  jobstart: '1767225660',
  jobstateid: 4,
  jobstatename: 'Running',
  jobupdated: 1767225700,
  mirroring: 0,
  restart: 1,
  location: 'Frankfurt',
  machine: 31337,
  imagepath: '/games/my-game',
  install_at: 1767225600,
  mirror: 'eu-mirror-1',
  target_imageversionid: 4243
};

describe('parseInstalls', () => {
  it('reads the documented row', () => {
    expect(parseInstalls({ installs: [DOC_ROW] })).toEqual({
      listed: true,
      skipped: 0,
      rows: [
        {
          jobId: 9001,
          targetImageVersionId: 4243,
          imageId: undefined,
          installAt: 1767225600,
          restart: true,
          mirroring: false,
          machineId: 31337,
          machineName: undefined,
          stateId: 4,
          stateName: 'Running',
          created: 1767225600
        }
      ]
    });
  });

  it('reads numbers given as strings and flags in their other forms', () => {
    const row = parseInstallRow({
      jobid: '9001',
      target_imageversionid: ' 4243 ',
      install_at: '1767225600',
      restart: 'true',
      mirroring: '1',
      machine: '31337',
      imageid: '77'
    });
    expect(row).toMatchObject({
      jobId: 9001,
      targetImageVersionId: 4243,
      installAt: 1767225600,
      restart: true,
      mirroring: true,
      machineId: 31337,
      imageId: 77
    });
    expect(parseInstallRow({ restart: false, mirroring: 'false' })).toMatchObject({ restart: false, mirroring: false });
  });

  it('reads the image from imageid, image_id, an image id or an image object', () => {
    expect(parseInstallRow({ imageid: 77 }).imageId).toBe(77);
    expect(parseInstallRow({ image_id: '78' }).imageId).toBe(78);
    expect(parseInstallRow({ image: 79 }).imageId).toBe(79);
    expect(parseInstallRow({ image: { imageid: 80, name: 'x' } }).imageId).toBe(80);
    expect(parseInstallRow({ image: { id: '81' } }).imageId).toBe(81);
    expect(parseInstallRow({ imagepath: '/games/x' }).imageId).toBeUndefined();
  });

  it('reads the machine as an id, a name or an object', () => {
    expect(parseInstallRow({ machine: { machineid: 5, name: 'build-eu-1' } })).toMatchObject({ machineId: 5, machineName: 'build-eu-1' });
    expect(parseInstallRow({ machine: 'build-eu-1', machineid: 6 })).toMatchObject({ machineId: 6, machineName: 'build-eu-1' });
    expect(parseInstallRow({ machineid: '7' })).toMatchObject({ machineId: 7, machineName: undefined });
  });

  it.each([0, -1, 4243.5, '4243.5', 2 ** 53 + 1, 1e21, '9007199254740993', 'abc', null, true, {}])(
    'refuses %p as a version id (ids are safe positive integers)',
    (value) => {
      expect(parseInstallRow({ target_imageversionid: value }).targetImageVersionId).toBeUndefined();
      expect(parseInstallRow({ jobid: value }).jobId).toBeUndefined();
    }
  );

  it('leaves absent fields undefined, and install_at 0 unscheduled', () => {
    expect(parseInstallRow({ install_at: 0 })).toEqual({
      jobId: undefined,
      targetImageVersionId: undefined,
      imageId: undefined,
      installAt: undefined,
      restart: undefined,
      mirroring: undefined,
      machineId: undefined,
      machineName: undefined,
      stateId: undefined,
      stateName: undefined,
      created: undefined
    });
    expect(parseInstallRow({ install_at: 'NOW()' }).installAt).toBeUndefined();
  });

  it('takes a map keyed by job id, and drops entries that are not objects', () => {
    const parsed = parseInstalls({
      installs: { '9001': { target_imageversionid: 1 }, '9002': 'x', '9003': { jobid: 42, target_imageversionid: 2 } }
    });
    expect(parsed.listed).toBe(true);
    expect(parsed.skipped).toBe(1);
    expect(parsed.rows.map((r) => [r.jobId, r.targetImageVersionId])).toEqual([
      [9001, 1],
      [42, 2]
    ]);
    expect(parseInstalls({ installs: [DOC_ROW, 3, null, 'x'] }).skipped).toBe(3);
  });

  it('tells an empty list (or null) from an answer that lists nothing', () => {
    expect(parseInstalls({ installs: [] })).toEqual({ listed: true, rows: [], skipped: 0 });
    expect(parseInstalls({ installs: null })).toEqual({ listed: true, rows: [], skipped: 0 });
    expect(parseInstalls({ success: true })).toEqual({ listed: false, rows: [], skipped: 0 });
    expect(parseInstalls({ installs: 'none' })).toEqual({ listed: false, rows: [], skipped: 0 });
  });
});
