# R Studio: R with RStudio Server and the tidyverse, on the rocker image.
# The pod, home volume, resources, security context and code-server come from the shared
# module, which pushing copies into the archive as modules/kubernetes-workspace.

terraform {
  required_providers {
    coder = { source = "coder/coder", version = "~> 2.13" }
  }
}

module "workspace" {
  source        = "./modules/kubernetes-workspace"
  template_name = "r-studio"

  agent                  = coder_agent.main
  image                  = "rocker/rstudio:4.5"
  resource_defaults      = { cpu = 2, memory = 8, disk = 30 }
  code_server_extensions = ["reditorsupport.r"]
  apps = [
    { slug = "rstudio", display_name = "RStudio", port = 8787, icon = "/icon/rstudio.svg" },
  ]
  extra_metadata = { "Extra R packages" = data.coder_parameter.extra_packages.value }
}

resource "coder_agent" "main" {
  arch           = module.workspace.arch
  os             = "linux"
  startup_script = file("${path.module}/startup.sh")
  env = merge(module.workspace.git_env, {
    EXTRA_R_PACKAGES = data.coder_parameter.extra_packages.value
    R_LIBS_USER      = "/home/coder/R/library"
  })
}

data "coder_parameter" "extra_packages" {
  name         = "extra_packages"
  display_name = "Extra R packages"
  description  = "Space-separated CRAN packages installed on start, besides the tidyverse."
  type         = "string"
  default      = "rmarkdown shiny"
  mutable      = true
  order        = 10
}
