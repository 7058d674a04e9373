const https = require('https');
const fs = require('fs');
const axios = require('axios');

const client = axios.create({ httpsAgent: new https.Agent({ rejectUnauthorized: true, ca: fs.readFileSync('ca.pem') }) });
module.exports = client;
