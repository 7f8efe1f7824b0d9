// A function module for the function-host tests: echoes its env, and can crash on demand.
import * as ff from '@google-cloud/functions-framework';

ff.http('echo', (req, res) => {
  if (req.path === '/crash') {
    res.status(200).send('bye');
    setImmediate(() => process.exit(3));
    return;
  }
  console.log(JSON.stringify({ severity: 'INFO', message: 'echo', path: req.path }));
  res.json({ pipeline: process.env.PIPELINE, pid: process.pid });
});
