const fs = require('node:fs');
const path = require('node:path');

// CONFIG_DIR is set by the deployment, not by users.
const settings = JSON.parse(fs.readFileSync(path.join(process.env.CONFIG_DIR, 'settings.json'), 'utf8'));
module.exports = settings;
