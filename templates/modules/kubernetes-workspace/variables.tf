variable "agent" {
  description = "The template's coder_agent (pass the whole resource): its init script and token start the agent in the workspace container."
  type = object({
    id          = string
    init_script = string
    token       = string
  })
}

variable "template_name" {
  type        = string
  description = "Name of the template in Coder, put on every object as the com.coder.template label."
}

variable "image" {
  type        = string
  description = "Container image of the workspace. It must provide bash, curl, git and a user with uid 1000."
}

variable "resource_defaults" {
  description = "Defaults of the cpu (cores), memory (GiB) and disk_size (GiB) parameters."
  type = object({
    cpu    = number
    memory = number
    disk   = number
  })
}

variable "ide_folder" {
  type        = string
  default     = "/home/coder/project"
  description = "Folder code-server opens."
}

variable "code_server_extensions" {
  type        = list(string)
  default     = []
  description = "VS Code extensions code-server installs on every start (already installed ones are skipped)."
}

variable "apps" {
  description = "The stack's web apps on localhost: slug, display name, port, icon, and the path the health check polls."
  type = list(object({
    slug         = string
    display_name = string
    port         = number
    icon         = string
    health_path  = optional(string, "/")
  }))
  default = []
}

variable "node_selector" {
  type        = map(string)
  default     = {}
  description = "Node labels the workspace pod must run on (e.g. a dedicated pool); empty schedules it anywhere."
}

variable "extra_metadata" {
  type        = map(string)
  default     = {}
  description = "More key/value items shown on the workspace deployment in the Coder dashboard (e.g. the stack's versions)."
}
