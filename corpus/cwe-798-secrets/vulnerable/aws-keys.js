const { S3Client } = require('@aws-sdk/client-s3');

const s3 = new S3Client({
  region: 'eu-west-1',
  credentials: { accessKeyId: 'AKIAZ7QX4NHE2RLW5KDM', secretAccessKey: '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' },
});
module.exports = s3;
