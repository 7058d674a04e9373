const axios = require('axios');
const express = require('express');
const app = express();
app.use(express.json());

app.post('/webhooks/test', async (req, res) => {
  const { callbackUrl } = req.body;
  const reply = await axios.post(callbackUrl, { ping: true });
  res.json({ status: reply.status });
});
