import fs from 'node:fs/promises';
import path from 'node:path';
import express from 'express';

class AttachmentStore {
  constructor(private readonly root: string) {}

  read(name: string) {
    return fs.readFile(path.join(this.root, name));
  }
}

const store = new AttachmentStore('/srv/attachments');
const app = express();

app.get('/attachments/:name', async (req, res) => {
  res.send(await store.read(req.params.name));
});
