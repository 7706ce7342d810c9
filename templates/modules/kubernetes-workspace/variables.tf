variable "template_name" {
  type        = string
  description = "Name of the template in Coder, put on every object as the com.coder.template label."
}

variable "startup_script" {
  type        = string
  description = "The template's startup script (its startup.sh); the agent runs it on every start, after the Node.js lines for a Node.js stack."
}

variable "workspace" {
  description = "The template's workspace.yaml, decoded: what its workspaces have of their own (templates/README.md describes each field)."
  type = object({
    image                  = string
    resources              = object({ cpu = number, memory = number, disk_size = number })
    code_server_extensions = optional(list(string), [])
    ide_folder             = optional(string, "/home/coder/project")
    node_selector          = optional(map(string), {})
    nodejs                 = optional(bool, false)
    env                    = optional(map(string), {})
    env_files              = optional(map(string), {})
    apps = optional(list(object({
      slug         = string
      display_name = string
      icon         = string
      port         = optional(number)
      health_path  = optional(string, "/")
      command      = optional(string)
    })), [])
    parameters = optional(list(object({
      name         = string
      display_name = string
      description  = string
      type         = optional(string, "string")
      default      = string
      mutable      = optional(bool, true)
      icon         = optional(string)
      env          = optional(string)
      metadata     = optional(string)
      options      = optional(list(object({ name = string, value = string })), [])
      validation = optional(object({
        min   = optional(number)
        max   = optional(number)
        regex = optional(string)
        error = optional(string)
      }))
    })), [])
  })
}
