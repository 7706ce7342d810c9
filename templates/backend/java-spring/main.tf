# Java Spring Boot: Eclipse Temurin JDK and a Spring Boot project generated with Initializr, built with its Maven or Gradle wrapper.
# The pod, home volume, resources, security context and code-server come from the shared
# module, which pushing copies into the archive as modules/kubernetes-workspace.

terraform {
  required_providers {
    coder = { source = "coder/coder", version = "~> 2.13" }
  }
}

module "workspace" {
  source        = "./modules/kubernetes-workspace"
  template_name = "java-spring"

  agent                  = coder_agent.main
  image                  = "codercom/enterprise-base:ubuntu"
  resource_defaults      = { cpu = 4, memory = 8, disk = 30 }
  code_server_extensions = ["redhat.java", "vscjava.vscode-java-debug", "vscjava.vscode-java-test", "vmware.vscode-spring-boot"]
  apps = [
    { slug = "spring-boot", display_name = "Spring Boot app", port = 8080, icon = "/icon/java.svg" },
  ]
  extra_metadata = { "Java version" = data.coder_parameter.java_version.value, "Build tool" = data.coder_parameter.build_tool.value }
}

resource "coder_agent" "main" {
  arch           = module.workspace.arch
  os             = "linux"
  startup_script = file("${path.module}/startup.sh")
  env = merge(module.workspace.git_env, {
    BUILD_TOOL   = data.coder_parameter.build_tool.value
    JAVA_VERSION = data.coder_parameter.java_version.value
  })
}

data "coder_parameter" "java_version" {
  name         = "java_version"
  display_name = "Java version"
  description  = "Eclipse Temurin LTS release installed in the home directory."
  type         = "string"
  default      = "21"
  mutable      = true
  order        = 10

  option {
    name  = "Java 17 LTS"
    value = "17"
  }

  option {
    name  = "Java 21 LTS"
    value = "21"
  }

  option {
    name  = "Java 25 LTS"
    value = "25"
  }
}

data "coder_parameter" "build_tool" {
  name         = "build_tool"
  display_name = "Build tool"
  description  = "Build tool of the project generated on first start (its wrapper is used, no global install)."
  type         = "string"
  default      = "maven"
  mutable      = false
  order        = 11

  option {
    name  = "Maven"
    value = "maven"
  }

  option {
    name  = "Gradle"
    value = "gradle"
  }
}
