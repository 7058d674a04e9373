const { exec } = require('child_process');

module.exports.handler = (event, context, callback) => {
  exec(`convert /tmp/in.png -resize ${event.size} /tmp/out.png`, (err) => {
    callback(err, { statusCode: err ? 500 : 200 });
  });
};
