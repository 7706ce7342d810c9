#!/usr/bin/env bash
# Java Spring Boot: the stack, installed into the home volume on every start (each step skips
# what a previous start left there). The shared module runs it after its startup-preamble.sh
# (~/.local/bin on the PATH, ~/project created) and brings code-server and the dotfiles.
set -eu

jdk="$HOME/.local/share/jdk-$JAVA_VERSION"
case "$(uname -m)" in
  aarch64 | arm64) jdk_arch=aarch64 ;;
  *) jdk_arch=x64 ;;
esac
if [ ! -x "$jdk/bin/java" ]; then
  echo "Installing Eclipse Temurin $JAVA_VERSION"
  mkdir -p "$jdk"
  curl -fsSL "https://api.adoptium.net/v3/binary/latest/$JAVA_VERSION/ga/linux/$jdk_arch/jdk/hotspot/normal/eclipse" |
    tar -xzf - -C "$jdk" --strip-components=1
fi
export JAVA_HOME="$jdk" PATH="$jdk/bin:$PATH"
grep -q 'coder-java-home' "$HOME/.bashrc" 2>/dev/null ||
  echo "export JAVA_HOME=\"$jdk\" PATH=\"$jdk/bin:\$PATH\" # coder-java-home" >>"$HOME/.bashrc"

cd "$HOME/project"
if [ ! -f pom.xml ] && [ ! -f build.gradle ]; then
  project_type=maven-project
  [ "$BUILD_TOOL" = gradle ] && project_type=gradle-project
  curl -fsSL "https://start.spring.io/starter.tgz?type=$project_type&javaVersion=$JAVA_VERSION&dependencies=web,actuator,devtools&baseDir=." |
    tar -xzf -
  git init -q
fi
if [ -x ./mvnw ]; then
  nohup ./mvnw -q spring-boot:run >/tmp/spring-boot.log 2>&1 &
else
  nohup ./gradlew -q bootRun >/tmp/spring-boot.log 2>&1 &
fi
echo "Java Spring Boot ready (port 8080)"
