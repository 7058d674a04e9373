const express = require('express');

class AllocationsDAO {
  constructor(db) {
    this.allocations = db.collection('allocations');
  }

  byThreshold(userId, threshold) {
    return this.allocations.find({ $where: `this.userId == ${userId} && this.stocks > '${threshold}'` }).toArray();
  }
}

module.exports = (db) => {
  const dao = new AllocationsDAO(db);
  const router = express.Router();
  router.get('/allocations/:userId', async (req, res) => {
    res.json(await dao.byThreshold(req.params.userId, req.query.threshold));
  });
  return router;
};
