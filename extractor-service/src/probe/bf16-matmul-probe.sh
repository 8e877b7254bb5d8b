#!/usr/bin/env bash
# bfloat16 vs float32 matrix products from a JVM through the JavaCPP PyTorch presets (see Bf16MatmulProbe.java).
# Fetches the presets (about 105 MB) into the local Maven repository on first use; not part of the build.
set -euo pipefail
cd "$(dirname "$0")"
repo=${MAVEN_REPO:-$HOME/.m2/repository}/org/bytedeco
artifacts=(javacpp:1.5.12 javacpp:1.5.12:jar:linux-x86_64 openblas:0.3.30-1.5.12 openblas:0.3.30-1.5.12:jar:linux-x86_64
    pytorch:2.7.1-1.5.12 pytorch:2.7.1-1.5.12:jar:linux-x86_64)
for artifact in "${artifacts[@]}"; do
    mvn -B -q dependency:get -Dartifact="org.bytedeco:$artifact" -Dtransitive=false
done
classpath=$(ls "$repo"/javacpp/1.5.12/*.jar "$repo"/openblas/0.3.30-1.5.12/*.jar "$repo"/pytorch/2.7.1-1.5.12/*.jar | tr '\n' ':')
exec java -cp "$classpath" Bf16MatmulProbe.java
