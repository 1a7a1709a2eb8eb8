# Lightbox: the API with the SPA it serves. Build: docker build -t lightbox .
# Run one: docker run -p 3000:3000 -v lightbox-data:/data -e JWT_SECRET=… -e OWNER_PASSWORD=… lightbox
# Several behind a proxy, on PostgreSQL and Redis: deploy/compose.yaml.

FROM node:20-bookworm-slim AS build
WORKDIR /src
ENV CI=true NX_DAEMON=false NX_NO_CLOUD=true SCARF_ANALYTICS=false
COPY package.json package-lock.json ./
# npm install honours the committed lockfile; npm ci fails on this project's package mirror, which
# lacks other platforms' optional binaries that the lockfile names.
RUN npm install --no-audit --no-fund
COPY . .
RUN npx nx run-many -t build -p api web --outputStyle=static

# Only what the built API requires at run time (sharp's libvips comes prebuilt with it).
FROM node:20-bookworm-slim AS runtime-deps
WORKDIR /app
ENV SCARF_ANALYTICS=false
COPY package.json package-lock.json ./
RUN npm install --omit=dev --no-audit --no-fund && npm cache clean --force

FROM node:20-bookworm-slim
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 DATA_DIR=/data
WORKDIR /app
COPY --from=runtime-deps /app/node_modules ./node_modules
COPY --from=build /src/dist ./dist
COPY package.json ./
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:3000/health/ready').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# SIGTERM lets requests in flight finish, closes the database and exits 0.
CMD ["node", "dist/apps/api/main.js"]
