// Package ociimage writes a container image holding one static binary as
// an OCI image archive (veloc build --image, cli.md): a tar file that
// `docker load` and `podman load` read, made without a container engine.
//
// The archive is an OCI image layout (oci-layout, index.json, blobs) and
// carries Docker's manifest.json beside it, so engines that read either
// format load it. The image has one uncompressed layer: the binary as
// /app and an empty /data, the working directory, owned by the non-root
// user 65532 the program runs as. Its metrics port is exposed. Every
// timestamp is fixed, so the same binary gives the same archive, byte for
// byte, and the same image ID.
package ociimage

import (
	"archive/tar"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"
)

// Image describes the image to write.
type Image struct {
	// Repository and Tag name the image as engines list it
	// (Repository:Tag); Repository is lower-cased and cleaned to what
	// image references allow.
	Repository, Tag string
	Binary          []byte // a static linux executable
	Arch            string // GOARCH of Binary: amd64, arm64, ...
	// Port is the TCP port the image exposes (the metrics server's); 0
	// exposes none.
	Port   int
	Labels map[string]string
}

// The user and working directory of the image.
const (
	uid     = 65532
	workDir = "/data"
)

// epoch is every timestamp in the archive: reproducible output.
var epoch = time.Unix(0, 0).UTC()

// Write writes img as an OCI image archive.
func Write(w io.Writer, img Image) error {
	if len(img.Binary) == 0 {
		return fmt.Errorf("ociimage: no binary")
	}
	layer, err := layerTar(img.Binary)
	if err != nil {
		return err
	}
	layerDesc := descriptor{MediaType: "application/vnd.oci.image.layer.v1.tar", Digest: digest(layer), Size: int64(len(layer))}
	cfg := config{
		Architecture: img.Arch,
		OS:           "linux",
		Created:      epoch.Format(time.RFC3339),
		Config: runConfig{
			Entrypoint: []string{"/app"},
			User:       fmt.Sprintf("%d:%d", uid, uid),
			WorkingDir: workDir,
			Labels:     img.Labels,
		},
		RootFS:  rootFS{Type: "layers", DiffIDs: []string{layerDesc.Digest}},
		History: []history{{Created: epoch.Format(time.RFC3339), CreatedBy: "veloc build --image"}},
	}
	if img.Port > 0 {
		cfg.Config.ExposedPorts = map[string]struct{}{fmt.Sprintf("%d/tcp", img.Port): {}}
	}
	cfgJSON, err := json.Marshal(cfg)
	if err != nil {
		return err
	}
	cfgDesc := descriptor{MediaType: "application/vnd.oci.image.config.v1+json", Digest: digest(cfgJSON), Size: int64(len(cfgJSON))}
	man, err := json.Marshal(manifest{SchemaVersion: 2, MediaType: "application/vnd.oci.image.manifest.v1+json", Config: cfgDesc, Layers: []descriptor{layerDesc}})
	if err != nil {
		return err
	}
	ref := Reference(img.Repository, img.Tag)
	manDesc := descriptor{MediaType: "application/vnd.oci.image.manifest.v1+json", Digest: digest(man), Size: int64(len(man)),
		Annotations: map[string]string{"io.containerd.image.name": ref, "org.opencontainers.image.ref.name": tagOf(ref)}}
	index, err := json.Marshal(manifest{SchemaVersion: 2, MediaType: "application/vnd.oci.image.index.v1+json", Manifests: []descriptor{manDesc}})
	if err != nil {
		return err
	}
	docker, err := json.Marshal([]dockerManifest{{Config: blobPath(cfgDesc.Digest), RepoTags: []string{ref}, Layers: []string{blobPath(layerDesc.Digest)}}})
	if err != nil {
		return err
	}

	tw := tar.NewWriter(w)
	files := []struct {
		name string
		data []byte
	}{
		{"oci-layout", []byte(`{"imageLayoutVersion":"1.0.0"}`)},
		{"index.json", index},
		{"manifest.json", docker},
		{blobPath(layerDesc.Digest), layer},
		{blobPath(cfgDesc.Digest), cfgJSON},
		{blobPath(manDesc.Digest), man},
	}
	for _, d := range []string{"blobs/", "blobs/sha256/"} {
		if err := tw.WriteHeader(&tar.Header{Typeflag: tar.TypeDir, Name: d, Mode: 0o755, ModTime: epoch, Format: tar.FormatPAX}); err != nil {
			return err
		}
	}
	for _, f := range files {
		if err := tw.WriteHeader(&tar.Header{Typeflag: tar.TypeReg, Name: f.name, Mode: 0o644, Size: int64(len(f.data)), ModTime: epoch, Format: tar.FormatPAX}); err != nil {
			return err
		}
		if _, err := tw.Write(f.data); err != nil {
			return err
		}
	}
	return tw.Close()
}

// layerTar is the image's one layer: /app and /data.
func layerTar(bin []byte) ([]byte, error) {
	var b bytes.Buffer
	tw := tar.NewWriter(&b)
	hdrs := []*tar.Header{
		{Typeflag: tar.TypeDir, Name: strings.TrimPrefix(workDir, "/") + "/", Mode: 0o755, Uid: uid, Gid: uid},
		{Typeflag: tar.TypeReg, Name: "app", Mode: 0o755, Size: int64(len(bin))},
	}
	for _, h := range hdrs {
		h.ModTime, h.Format = epoch, tar.FormatPAX
		if err := tw.WriteHeader(h); err != nil {
			return nil, err
		}
		if h.Typeflag == tar.TypeReg {
			if _, err := tw.Write(bin); err != nil {
				return nil, err
			}
		}
	}
	if err := tw.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// Reference returns repository:tag as an image reference: lower case,
// and characters outside [a-z0-9._-] turned into '-'.
func Reference(repository, tag string) string {
	clean := func(s, def string) string {
		s = strings.ToLower(s)
		var b strings.Builder
		for _, c := range s {
			if 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '.' || c == '_' || c == '-' || c == '/' {
				b.WriteRune(c)
			} else {
				b.WriteByte('-')
			}
		}
		if out := strings.Trim(b.String(), "-._/"); out != "" {
			return out
		}
		return def
	}
	return clean(repository, "app") + ":" + clean(tag, "latest")
}

func tagOf(ref string) string { return ref[strings.LastIndexByte(ref, ':')+1:] }

func digest(b []byte) string {
	sum := sha256.Sum256(b)
	return "sha256:" + hex.EncodeToString(sum[:])
}

func blobPath(d string) string { return "blobs/sha256/" + strings.TrimPrefix(d, "sha256:") }

type descriptor struct {
	MediaType   string            `json:"mediaType"`
	Digest      string            `json:"digest"`
	Size        int64             `json:"size"`
	Annotations map[string]string `json:"annotations,omitempty"`
}

type manifest struct {
	SchemaVersion int          `json:"schemaVersion"`
	MediaType     string       `json:"mediaType"`
	Config        descriptor   `json:"config,omitzero"`
	Layers        []descriptor `json:"layers,omitempty"`
	Manifests     []descriptor `json:"manifests,omitempty"`
}

type config struct {
	Architecture string    `json:"architecture"`
	OS           string    `json:"os"`
	Created      string    `json:"created"`
	Config       runConfig `json:"config"`
	RootFS       rootFS    `json:"rootfs"`
	History      []history `json:"history"`
}

type runConfig struct {
	Entrypoint   []string            `json:"Entrypoint"`
	User         string              `json:"User"`
	WorkingDir   string              `json:"WorkingDir"`
	ExposedPorts map[string]struct{} `json:"ExposedPorts,omitempty"`
	Labels       map[string]string   `json:"Labels,omitempty"`
}

type rootFS struct {
	Type    string   `json:"type"`
	DiffIDs []string `json:"diff_ids"`
}

type history struct {
	Created   string `json:"created"`
	CreatedBy string `json:"created_by"`
}

type dockerManifest struct {
	Config   string   `json:"Config"`
	RepoTags []string `json:"RepoTags"`
	Layers   []string `json:"Layers"`
}
