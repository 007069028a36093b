package ociimage

import (
	"archive/tar"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"strings"
	"testing"
)

// readArchive returns the archive's files by name.
func readArchive(t *testing.T, b []byte) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	tr := tar.NewReader(bytes.NewReader(b))
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return files
		}
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(tr)
		if err != nil {
			t.Fatal(err)
		}
		files[h.Name] = data
	}
}

// blob returns the blob of a descriptor, checking its digest and size.
func blob(t *testing.T, files map[string][]byte, d descriptor) []byte {
	t.Helper()
	b, ok := files[blobPath(d.Digest)]
	if !ok {
		t.Fatalf("no blob %s", d.Digest)
	}
	sum := sha256.Sum256(b)
	if "sha256:"+hex.EncodeToString(sum[:]) != d.Digest || int64(len(b)) != d.Size {
		t.Fatalf("blob %s: digest or size (%d, want %d) does not match", d.Digest, len(b), d.Size)
	}
	return b
}

func TestWrite(t *testing.T) {
	bin := []byte("\x7fELF pretend binary")
	img := Image{Repository: "Trading App", Tag: "v1", Binary: bin, Arch: "amd64", Port: 9091, Labels: map[string]string{"io.veloc.sql-hash": "abc"}}
	var out bytes.Buffer
	if err := Write(&out, img); err != nil {
		t.Fatal(err)
	}
	files := readArchive(t, out.Bytes())
	if string(files["oci-layout"]) != `{"imageLayoutVersion":"1.0.0"}` {
		t.Errorf("oci-layout: %s", files["oci-layout"])
	}
	var index manifest
	if err := json.Unmarshal(files["index.json"], &index); err != nil || len(index.Manifests) != 1 {
		t.Fatalf("index.json: %s (%v)", files["index.json"], err)
	}
	if ref := index.Manifests[0].Annotations["io.containerd.image.name"]; ref != "trading-app:v1" {
		t.Errorf("image name %q, want trading-app:v1", ref)
	}
	var man manifest
	if err := json.Unmarshal(blob(t, files, index.Manifests[0]), &man); err != nil || len(man.Layers) != 1 {
		t.Fatalf("manifest: %v", err)
	}
	var cfg config
	if err := json.Unmarshal(blob(t, files, man.Config), &cfg); err != nil {
		t.Fatal(err)
	}
	if cfg.OS != "linux" || cfg.Architecture != "amd64" || strings.Join(cfg.Config.Entrypoint, " ") != "/app" ||
		cfg.Config.User != "65532:65532" || cfg.Config.WorkingDir != "/data" || cfg.RootFS.DiffIDs[0] != man.Layers[0].Digest {
		t.Errorf("config: %+v", cfg)
	}
	if _, ok := cfg.Config.ExposedPorts["9091/tcp"]; !ok || cfg.Config.Labels["io.veloc.sql-hash"] != "abc" {
		t.Errorf("config: ports %v, labels %v", cfg.Config.ExposedPorts, cfg.Config.Labels)
	}
	// The layer: /app, executable, and /data for the non-root user.
	tr := tar.NewReader(bytes.NewReader(blob(t, files, man.Layers[0])))
	seen := map[string]*tar.Header{}
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		seen[h.Name] = h
		if h.Name == "app" {
			if b, _ := io.ReadAll(tr); !bytes.Equal(b, bin) {
				t.Error("the layer's app is not the binary")
			}
		}
	}
	if h := seen["app"]; h == nil || h.Mode&0o111 == 0 {
		t.Errorf("app missing or not executable: %+v", h)
	}
	if h := seen["data/"]; h == nil || h.Uid != uid || h.Typeflag != tar.TypeDir {
		t.Errorf("data/ missing or not the user's: %+v", h)
	}
	// Docker's manifest.json names the same blobs.
	var docker []dockerManifest
	if err := json.Unmarshal(files["manifest.json"], &docker); err != nil || len(docker) != 1 {
		t.Fatalf("manifest.json: %s", files["manifest.json"])
	}
	if d := docker[0]; d.Config != blobPath(man.Config.Digest) || d.Layers[0] != blobPath(man.Layers[0].Digest) || d.RepoTags[0] != "trading-app:v1" {
		t.Errorf("manifest.json: %+v", d)
	}
	// Reproducible.
	var again bytes.Buffer
	if err := Write(&again, img); err != nil || !bytes.Equal(again.Bytes(), out.Bytes()) {
		t.Error("a second write of the same image differs")
	}
}

func TestReference(t *testing.T) {
	for _, tt := range []struct{ repo, tag, want string }{
		{"app", "", "app:latest"},
		{"My App", "V2", "my-app:v2"},
		{"__", "x", "app:x"},
		{"registry.example.com/team/trading", "1.0", "registry.example.com/team/trading:1.0"},
	} {
		if got := Reference(tt.repo, tt.tag); got != tt.want {
			t.Errorf("Reference(%q, %q) = %q, want %q", tt.repo, tt.tag, got, tt.want)
		}
	}
}
