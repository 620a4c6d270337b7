// The cold-start bar (bench/coldstart.ts): the leanest script a person would write for
// the same step, create without wait. One GET with the same Authorization header,
// the two outputs most workflows read, nothing else: no dependencies, CommonJS (no
// ESM loader), built-ins through require.
'use strict';
const http = require('node:http');
const fs = require('node:fs');

const input = (name) => (process.env[`INPUT_${name.toUpperCase()}`] || '').trim();

const url = new URL('/cfp/v1/imageversion/create', input('api_url'));
url.searchParams.set('accountserviceid', input('accountserviceid'));
url.searchParams.set('diffid', input('diffid'));
url.searchParams.set('restart', '0');
url.searchParams.set('force', '0');
const auth = Buffer.from(`${input('access_key')}:${input('secret_key')}`).toString('base64');

http
  .get(url, { headers: { Authorization: `Basic ${auth}`, Accept: 'application/json' } }, (res) => {
    let body = '';
    res.setEncoding('utf8');
    res.on('data', (chunk) => (body += chunk));
    res.on('end', () => {
      const data = JSON.parse(body);
      if (res.statusCode !== 200 || !data.imageversionid) {
        console.error(`create failed: HTTP ${res.statusCode} ${body}`);
        process.exitCode = 1;
        return;
      }
      fs.appendFileSync(process.env.GITHUB_OUTPUT, `imageversionid=${data.imageversionid}\njobstatename=${data.jobstatename}\n`);
      console.log(`Created image version ${data.imageversionid}`);
    });
  })
  .on('error', (error) => {
    console.error(error.message);
    process.exitCode = 1;
  });
