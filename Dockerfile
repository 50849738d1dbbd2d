# The app: API and admin on one port. PostgreSQL comes from docker-compose (DATABASE_URL).
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.base.json ./
COPY shared/package.json shared/
COPY server/package.json server/
COPY admin/package.json admin/
COPY test/package.json test/
RUN npm ci --no-audit --no-fund
COPY shared shared
COPY server server
COPY admin admin
RUN npm run build

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/shared/package.json shared/
COPY --from=build /app/shared/dist shared/dist
COPY --from=build /app/server/package.json server/
COPY --from=build /app/server/dist server/dist
COPY --from=build /app/admin/dist admin/dist
# the audit anchors' folder (a volume in docker-compose.yml), writable by the app
RUN mkdir -p /var/lib/incident-desk/audit-anchors && chown -R node:node /var/lib/incident-desk
EXPOSE 3000
USER node
CMD ["node", "server/dist/main.js"]
