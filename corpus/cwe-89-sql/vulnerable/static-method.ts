import express from 'express';
import Database from 'better-sqlite3';

const db = new Database('audit.db');

class AuditLog {
  static record(action: string, detail: string) {
    db.exec(`INSERT INTO audit (action, detail) VALUES ('${action}', '${detail}')`);
  }
}

const app = express();
app.post('/notes', express.json(), (req, res) => {
  AuditLog.record('note', req.body.text);
  res.sendStatus(204);
});
