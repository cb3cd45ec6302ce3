# Strain Seer: build the static app with Node, serve it with unprivileged nginx on port 8501.
#   docker build -t strain-seer .
#   docker run -d -p 8501:8501 --read-only --tmpfs /tmp --name strain-seer strain-seer
# tests/unit/deploy/dockerfile.test.ts checks the properties promised here.

# --- builder: install from the lock file, then build -------------------------------------------
FROM node:20.19-bookworm-slim AS builder
WORKDIR /app
# Dependency manifests first: the install layer is reused until they change, not on every edit.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

# --- runtime: the built files and nginx.conf, nothing else ---------------------------------------
FROM nginxinc/nginx-unprivileged:1.28.0-alpine AS runtime
ARG VERSION=0.1.0
LABEL org.opencontainers.image.title="Strain Seer" \
      org.opencontainers.image.description="Measure 2D strain from photos of a deforming specimen, in the browser." \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.licenses="MIT"
# The base image's demo page and server block go (root is needed for that one step only).
USER root
RUN rm -rf /usr/share/nginx/html/* /etc/nginx/conf.d/default.conf
# Owned by root and read-only to nginx: the server cannot change what it serves.
COPY nginx.conf /etc/nginx/nginx.conf
COPY --from=builder /app/dist /usr/share/nginx/html
# The base image's unprivileged nginx user. Pid and temp files are in /tmp and logs go to
# stdout/stderr, so the root file system can be mounted read-only (with a tmpfs on /tmp).
USER 101
EXPOSE 8501
# busybox wget is part of the alpine image; curl is not.
HEALTHCHECK --interval=30s --timeout=3s --start-period=5s --retries=3 \
  CMD wget -q -O /dev/null http://127.0.0.1:8501/healthz || exit 1
CMD ["nginx", "-g", "daemon off;"]
