import express from 'express';
const app = express();

app.get('/download', (req, res) => {
  res.sendFile('/srv/uploads/' + req.query.file);
});
