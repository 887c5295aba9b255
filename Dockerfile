# practicegraph as a small container: a static binary (the pages and GraphiQL are
# embedded in it) plus the seed data it loads into an empty graph.
#   docker build --build-arg VERSION=$(git describe --tags --always) --build-arg COMMIT=$(git rev-parse HEAD) -t practicegraph .
# `docker compose up` runs it with Neo4j (compose.yaml, README "Running on a server").

FROM golang:1.26-bookworm AS build
WORKDIR /src
# Modules first: the layer is reused while only the code changes.
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=dev
ARG COMMIT=unknown
# Static (no cgo), so the final image needs no libc; -trimpath keeps build paths out.
RUN CGO_ENABLED=0 GOOS=linux go build -trimpath \
      -ldflags "-s -w -X github.com/practicegraph/practicegraph/buildinfo.version=${VERSION} -X github.com/practicegraph/practicegraph/buildinfo.commit=${COMMIT}" \
      -o /out/practicegraph ./cmd/practicegraph \
 && mkdir -p /out/data

# distroless/static: CA certificates (for neo4j+s:// to Aura), tzdata, a nonroot user, no shell.
FROM gcr.io/distroless/static-debian12:nonroot
WORKDIR /app
COPY --from=build /out/practicegraph /usr/local/bin/practicegraph
COPY --from=build /src/seed/data /app/seed/data
# The search index is rebuilt from Neo4j when missing; a volume keeps it across restarts.
COPY --from=build --chown=65532:65532 /out/data /data
ENV PRACTICEGRAPH_ADDR=:8080 \
    PRACTICEGRAPH_DATA_DIR=/data \
    PRACTICEGRAPH_SEED_DIR=/app/seed/data \
    PRACTICEGRAPH_LOG_FORMAT=json
USER 65532:65532
EXPOSE 8080
VOLUME ["/data"]
# No shell or curl in the image: the compose file's healthcheck runs the binary itself.
ENTRYPOINT ["/usr/local/bin/practicegraph"]
CMD ["serve"]
