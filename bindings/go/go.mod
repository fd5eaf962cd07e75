module github.com/dytallix/dytallix/bindings/go

go 1.19
