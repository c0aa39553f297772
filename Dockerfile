# syntax=docker/dockerfile:1
# One image for both apps; the command picks which:
#   node dist/apps/gateway/src/main.js   the gateway, port 8001 (the default command)
#   node dist/apps/metrics/src/main.js   the metrics API, port 8002
#   node dist/apps/cli/src/migrate.js          applies pending migrations, then exits
#   node dist/apps/cli/src/rebuild-rollups.js  derives /metrics' rollup tables again from the records

FROM node:24-bookworm-slim AS build
# better-sqlite3 is a native addon, compiled here when no prebuilt binary fits the platform.
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
# Pinned rather than the image's own npm: this one honours package.json's allowScripts and
# runs only the install scripts approved there.
RUN npm install --global npm@11.19.1
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY nest-cli.json tsconfig.json ./
COPY apps apps
COPY libs libs
COPY migrations migrations
RUN npm run build \
  && npm prune --omit=dev

FROM node:24-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
# Owned by root and read-only to the app user.
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/dist dist
COPY scripts scripts
# The SQLite default (DATABASE_URL unset) writes ./data, and the gateway spools records in
# ./data/spool; a volume mounted there starts with this owner.
RUN mkdir -p data/spool && chown -R node:node data
USER node
EXPOSE 8001 8002
# Probes whichever app this container runs, on the port its configuration gives it.
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "scripts/healthcheck.js"]
CMD ["node", "dist/apps/gateway/src/main.js"]
