# syntax=docker/dockerfile:1
# The ecssim command in a distroless image: a static binary and nothing else (no shell), run as
# the image's nonroot user (uid 65532). deploy/README.md shows how to build, push and run it.
#
#   docker build -t ecssim .
#   docker run --rm ecssim run example:web-and-batch
#
# The build stage runs on the builder's own platform and cross-compiles, so
# `docker buildx build --platform linux/arm64 .` makes a Graviton image without emulation.

FROM --platform=$BUILDPLATFORM golang:1.26 AS build
WORKDIR /src
# Modules first: this layer is rebuilt only when go.mod or go.sum change.
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG TARGETOS TARGETARCH
RUN --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH \
    go build -trimpath -o /ecssim ./cmd/ecssim

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /ecssim /ecssim
ENTRYPOINT ["/ecssim"]
CMD ["help"]
