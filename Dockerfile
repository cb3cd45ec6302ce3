# Strain Seer: build the static app with Node, serve it with unprivileged nginx.

# --- builder: install from the lock file, then build ---
FROM node:20.19-bookworm-slim AS builder
WORKDIR /app
# Dependency manifests first, so the install layer is cached across source edits.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

# --- runtime: static files and nginx.conf only ---
FROM nginxinc/nginx-unprivileged:1.27.4-alpine AS runtime
LABEL org.opencontainers.image.title="Strain Seer" \
      org.opencontainers.image.description="Measure 2D strain from photos of a deforming specimen, in the browser." \
      org.opencontainers.image.licenses="MIT"
COPY nginx.conf /etc/nginx/nginx.conf
COPY --from=builder /app/dist /usr/share/nginx/html
USER 101
EXPOSE 8501
HEALTHCHECK --interval=30s --timeout=3s --start-period=5s --retries=3 \
  CMD wget -q -O /dev/null http://127.0.0.1:8501/healthz || exit 1
