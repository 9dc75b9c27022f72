// A codegen-only `pulumi-language-python`: it answers the one request `pulumi package gen-sdk
// --language python` sends (GeneratePackage) with Pulumi's own Python generator
// (github.com/pulumi/pulumi/pkg/v3/codegen/python), and nothing else.
//
// Pulumi's CLI generates an SDK through the language's host plugin, and the Python host
// (module github.com/pulumi/pulumi/sdk/python/cmd/pulumi-language-python/v3) is not served by the
// Go module proxy, our only way to Go code. The generator itself lives in the pkg module, which
// is served and which scripts/pulumi-cli.sh already builds the CLI from. Python programs do not
// need this host: the Automation API runs them inline, serving the language runtime from the
// Python process. scripts/python-env.sh builds this file (docs/decisions/013-python-codegen-host.md).
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/emptypb"
)

// version is set by the build (-ldflags -X main.version=...) to the CLI release it matches.
var version = "dev"

type codegenHost struct {
	pulumirpc.UnimplementedLanguageRuntimeServer
}

func (codegenHost) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: version}, nil
}

// GeneratePackage binds the schema (through the CLI's schema loader, for referenced packages)
// and writes the generated files under the requested directory.
func (codegenHost) GeneratePackage(
	_ context.Context, req *pulumirpc.GeneratePackageRequest,
) (*pulumirpc.GeneratePackageResponse, error) {
	client, err := schema.NewLoaderClient(req.LoaderTarget)
	if err != nil {
		return nil, fmt.Errorf("connect to the CLI's schema loader: %w", err)
	}
	defer client.Close()
	loader := schema.NewCachedLoader(client)

	var spec schema.PackageSpec
	if err := json.Unmarshal([]byte(req.Schema), &spec); err != nil {
		return nil, fmt.Errorf("read the package schema: %w", err)
	}
	pkg, diags, err := schema.BindSpec(spec, loader, schema.ValidationOptions{})
	if err != nil {
		return nil, fmt.Errorf("bind the package schema: %w", err)
	}
	response := &pulumirpc.GeneratePackageResponse{Diagnostics: plugin.HclDiagnosticsToRPCDiagnostics(diags)}
	if diags.HasErrors() {
		return response, nil
	}

	files, err := python.GeneratePackage("pulumi-language-python", pkg, req.ExtraFiles, loader)
	if err != nil {
		return nil, fmt.Errorf("generate the Python package: %w", err)
	}
	for name, data := range files {
		path := filepath.Join(req.Directory, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return nil, fmt.Errorf("create %s: %w", filepath.Dir(path), err)
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			return nil, fmt.Errorf("write %s: %w", path, err)
		}
	}
	return response, nil
}

func main() {
	showVersion := flag.Bool("version", false, "print the version and exit")
	// The CLI adds -tracing when it traces; this host has nothing to trace.
	flag.String("tracing", "", "ignored")
	flag.Parse()
	if *showVersion {
		fmt.Println(version)
		return
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	// Exit with the CLI: the first argument is its engine address.
	if engine := flag.Arg(0); engine != "" {
		if err := rpcutil.Healthcheck(ctx, engine, 5*time.Minute, cancel); err != nil {
			fmt.Fprintf(os.Stderr, "pulumi-language-python (codegen only): health check of %s: %v\n", engine, err)
			os.Exit(1)
		}
	}
	stop := make(chan bool)
	go func() {
		<-ctx.Done()
		close(stop)
	}()

	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Cancel: stop,
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(srv, codegenHost{})
			return nil
		},
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-language-python (codegen only): serve: %v\n", err)
		os.Exit(1)
	}
	// The CLI reads the port from the first line of stdout.
	fmt.Printf("%d\n", handle.Port)
	if err := <-handle.Done; err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-language-python (codegen only): %v\n", err)
		os.Exit(1)
	}
}
