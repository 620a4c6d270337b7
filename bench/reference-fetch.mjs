// The cold-start target (bench/coldstart.ts): a bare script a person would write for the
// same step, create without wait, with the platform's own HTTP client. One GET with
// global `fetch` and the same Authorization header, then the two outputs most workflows
// read, appended to GITHUB_OUTPUT in the runner's heredoc form (as @actions/core writes
// them). No dependencies; ESM with top-level await, as a modern script is written.
import { appendFileSync } from 'node:fs';
import { EOL } from 'node:os';

const input = (name) => (process.env[`INPUT_${name.toUpperCase()}`] || '').trim();

const url = new URL('/cfp/v1/imageversion/create', input('api_url'));
url.searchParams.set('accountserviceid', input('accountserviceid'));
url.searchParams.set('diffid', input('diffid'));
url.searchParams.set('restart', '0');
url.searchParams.set('force', '0');
const auth = Buffer.from(`${input('access_key')}:${input('secret_key')}`).toString('base64');

const setOutput = (name, value) => {
  const delimiter = `ghadelimiter_${crypto.randomUUID()}`;
  appendFileSync(process.env.GITHUB_OUTPUT, `${name}<<${delimiter}${EOL}${value}${EOL}${delimiter}${EOL}`);
};

try {
  const res = await fetch(url, { headers: { Authorization: `Basic ${auth}`, Accept: 'application/json' } });
  const body = await res.text();
  const data = JSON.parse(body);
  if (res.status !== 200 || !data.imageversionid) {
    console.error(`create failed: HTTP ${res.status} ${body}`);
    process.exitCode = 1;
  } else {
    setOutput('imageversionid', data.imageversionid);
    setOutput('jobstatename', data.jobstatename);
    console.log(`Created image version ${data.imageversionid}`);
  }
} catch (error) {
  console.error(error.message);
  process.exitCode = 1;
}
