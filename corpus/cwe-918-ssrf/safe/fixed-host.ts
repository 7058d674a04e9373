import express from 'express';
const app = express();

app.get('/gh/:user', async (req, res) => {
  const reply = await fetch(`https://api.github.com/users/${encodeURIComponent(req.params.user)}`);
  res.json(await reply.json());
});
