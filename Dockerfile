# The runner image (vega-v16-runner): one ECS task per scan runs `vega runner`.
# Nothing secret is baked in: each task gets its scan id, the API's address and
# a short-lived scan-scoped token as container overrides at RunTask, and AWS
# credentials (S3) from its task role. It never gets database credentials.
# Build: docker build -t vega-runner .

FROM node:20-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# Applied by npm install's postinstall (patch-package).
COPY patches ./patches
# npm install, not npm ci: the lock file lists platform packages for other
# systems that some registries lack (see the project's stack notes).
# Scripts are skipped (prepare compiles the CLI, whose sources come later) and
# the patches applied by hand.
RUN npm install --omit=dev --no-audit --no-fund --ignore-scripts && npx patch-package

FROM node:20-slim
# The snapshot step fetches git remotes (https, with the system's CAs).
RUN apt-get update && apt-get install -y --no-install-recommends git ca-certificates && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production \
    VEGA_DATA_DIR=/var/lib/vega \
    VEGA_LOG_LEVEL=info
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json tsconfig.json ./
COPY cli ./cli
COPY lib ./lib
COPY scripts/build-cli.mjs ./scripts/
# Compiled once here: a runner starts without transpiling anything.
RUN node scripts/build-cli.mjs
# Scratch space for the extracted snapshot; the only place the runner writes.
RUN mkdir -p /var/lib/vega && chown node:node /var/lib/vega
USER node
# The scan comes from VEGA_SCAN_ID; exit code 0 completed, 1 failed, 2 cancelled, 3 superseded.
ENTRYPOINT ["node", "dist/cli/main.mjs", "runner"]
