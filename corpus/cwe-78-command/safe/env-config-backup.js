// Nightly job: the database URL and the bucket are deployment configuration.
const { execSync } = require('node:child_process');

execSync(`pg_dump ${process.env.DATABASE_URL} | gzip > /tmp/backup.sql.gz`);
execSync('aws s3 cp /tmp/backup.sql.gz s3://' + process.env.BACKUP_BUCKET + '/nightly.sql.gz');
