"""One synthetic resource's schemas (`bench.synth`), and the helpers that write schemas.

The request bodies (create, update) and the responses (list, show) nest objects three levels
deep, with arrays of objects at each level, and carry the one- to three-sentence field
descriptions, ranges and enumerations that transcribed Huawei Cloud pages have. Each resource
has fifteen schemas of its own; `ResourceTag` is shared, and two (a rule's `Condition` and its
`Schedule`) are both sent and received, as `Tag` is in ELB.
"""

from __future__ import annotations

from typing import Any

Schema = dict[str, Any]

TIME = (
    "in milliseconds since 1970-01-01 00:00:00 UTC. The value ranges from 0 to 9223372036854775807."
)


def ref(name: str) -> Schema:
    return {"$ref": f"#/components/schemas/{name}"}


def snake_case(pascal: str) -> str:
    out = [pascal[0].lower()]
    for char in pascal[1:]:
        out.append(f"_{char.lower()}" if char.isupper() else char)
    return "".join(out)


def plural_of(word: str) -> str:
    return f"{word[:-1]}ies" if word.endswith("y") else f"{word}s"


def text(high: int = 256, low: int = 1) -> Schema:
    return {"type": "string", "minLength": low, "maxLength": high}


def integer(low: int, high: int | None = None, fmt: str = "int32") -> Schema:
    schema: Schema = {"type": "integer", "format": fmt, "minimum": low}
    if high is not None:
        schema["maximum"] = high
    return schema


def enum(*values: str) -> Schema:
    return {"type": "string", "enum": list(values)}


def described(description: str, schema: Schema) -> Schema:
    return {"description": description, **schema}


def array(items: Schema, most: int | None = None, description: str | None = None) -> Schema:
    schema: Schema = {"type": "array", "items": items}
    if most is not None:
        schema["maxItems"] = most
    return schema if description is None else described(description, schema)


def obj(properties: dict[str, Schema], *required: str, description: str = "") -> Schema:
    schema: Schema = {"type": "object"}
    if description:
        schema["description"] = description
    schema["properties"] = properties
    if required:
        schema["required"] = list(required)
    return schema


def response_schemas(name: str, words: str) -> dict[str, Schema]:
    """What the list and show operations return: three levels of objects and arrays."""
    plural = plural_of(words)
    return {
        f"{name}Status": described(
            f"Status of the {words}. CREATING: being created. ACTIVE: in use. ERROR: creation "
            "or a change failed; see the task's error message. DELETING: being deleted.",
            enum("CREATING", "ACTIVE", "ERROR", "DELETING"),
        ),
        f"{name}RiskDetail": obj(
            {
                "rule_id": described("ID of the check rule that found the risk.", text(64)),
                "rule_name": described("Name of the check rule.", text()),
                "severity": described(
                    "Risk level. The value can be Low, Medium, High or Critical.",
                    enum("Low", "Medium", "High", "Critical"),
                ),
                "description": described(
                    "What the risk is and how it was found. The text is in the language of the "
                    "X-Language header.",
                    text(65535, 0),
                ),
                "first_found_time": described(
                    f"When the risk was first found, {TIME}", integer(0, fmt="int64")
                ),
                "solution": described(
                    "How to fix the risk. It may refer to a page of the user guide.",
                    text(65535, 0),
                ),
                "affected_files": array(
                    text(1024), 100, "Paths of the files involved, at most 100."
                ),
            },
        ),
        f"{name}RiskSummary": obj(
            {
                "total_num": described("Total number of risks.", integer(0)),
                "critical_num": described("Number of critical risks.", integer(0)),
                "high_num": described("Number of high risks.", integer(0)),
                "medium_num": described("Number of medium risks.", integer(0)),
                "low_num": described("Number of low risks.", integer(0)),
                "details": array(
                    ref(f"{name}RiskDetail"),
                    description="The risks found, most severe first, at most 200 of them.",
                ),
            },
            description=f"Risks found on the {words} by the last scan.",
        ),
        f"{name}ProcessInfo": obj(
            {
                "process_name": described("Process name.", text()),
                "process_path": described("Path of the process's executable file.", text(1024)),
                "process_hash": described("SHA-256 of the executable file.", text(128)),
                "process_pid": described("Process ID.", integer(0, 2147483647)),
                "cmdline": described("Command line the process was started with.", text(4096, 0)),
                "user": described("User the process runs as.", text(128)),
                "launch_time": described(
                    f"When the process started, {TIME}", integer(0, fmt="int64")
                ),
            },
            description="A process related to the resource, as reported by the agent.",
        ),
        f"{name}Info": obj(
            {
                "id": described(f"ID of the {words}.", text(64)),
                "name": described(f"Name of the {words}.", text()),
                "description": described(f"Description of the {words}.", text(1024, 0)),
                "status": ref(f"{name}Status"),
                "host_id": described("ID of the server the resource belongs to.", text(128)),
                "host_name": described("Name of the server.", text()),
                "private_ip": described("Private IP address of the server.", text(128)),
                "public_ip": described("Elastic IP address of the server, if any.", text(128)),
                "os_type": described("OS type: Linux or Windows.", enum("Linux", "Windows")),
                "severity": described(
                    "Highest risk level found. The value can be Security, Low, Medium, High or "
                    "Critical.",
                    enum("Security", "Low", "Medium", "High", "Critical"),
                ),
                "enterprise_project_id": described("Enterprise project ID.", text()),
                "enterprise_project_name": described("Enterprise project name.", text()),
                "create_time": described(f"Creation time, {TIME}", integer(0, fmt="int64")),
                "update_time": described(
                    f"Time of the last change, {TIME}", integer(0, fmt="int64")
                ),
                "labels": array(text(64), 20, "Labels of the server, at most 20."),
                "tags": array(ref("ResourceTag"), 20, f"Tags of the {words}."),
                "risk": ref(f"{name}RiskSummary"),
                "processes": array(
                    ref(f"{name}ProcessInfo"),
                    100,
                    f"Processes related to the {words}, at most 100.",
                ),
            },
            "id",
            "name",
            description=f"One {words}, as the list and show operations return it.",
        ),
        f"List{plural_of(name)}ResponseBody": obj(
            {
                "total_num": described(
                    f"Total number of {plural} that match.", integer(0, fmt="int64")
                ),
                "data_list": array(ref(f"{name}Info"), 200, f"The {plural} of the requested page."),
            },
        ),
        f"{name}RuleDetail": obj(
            {
                "rule_id": described("Rule ID.", text(64)),
                "rule_name": described("Rule name.", text()),
                "enabled": described("Whether the rule is in effect.", {"type": "boolean"}),
                "action": described(
                    "What happens on a match: alarm, block or ignore.",
                    enum("alarm", "block", "ignore"),
                ),
                "hit_num": described(
                    "How often the rule matched since its creation.", integer(0, fmt="int64")
                ),
                "conditions": array(ref(f"{name}Condition"), 20, "Conditions of the rule."),
            },
        ),
        f"Show{name}ResponseBody": obj(
            {
                "data": ref(f"{name}Info"),
                "rules": array(ref(f"{name}RuleDetail"), 50, f"Rules of the {words}."),
                "schedule": ref(f"{name}Schedule"),
            },
        ),
    }


def request_schemas(name: str, words: str) -> dict[str, Schema]:
    """What the create and update operations send: three levels of objects and arrays."""
    return {
        f"{name}Condition": obj(
            {
                "field": described(
                    "Field the condition checks. file_path: the file's path. process_name: the "
                    "process's name. cmdline: the process's command line.",
                    enum("file_path", "process_name", "cmdline", "user"),
                ),
                "operator": described(
                    "How the field is compared. The value can be equal, contain or regex.",
                    enum("equal", "contain", "regex"),
                ),
                "values": array(text(1024), 20, "Values to compare with; any one may match."),
            },
            "field",
            "operator",
        ),
        f"{name}Schedule": obj(
            {
                "period": described(
                    "How often the task runs: daily, weekly or monthly.",
                    enum("daily", "weekly", "monthly"),
                ),
                "start_time": described(
                    "Time of day the task starts, as HH:MM in the time zone below.",
                    {"type": "string", "pattern": "^[0-2][0-9]:[0-5][0-9]$"},
                ),
                "days": array(
                    integer(1, 31), 31, "Days of the week (1 to 7) or month (1 to 31) it runs on."
                ),
                "timezone": described("IANA time zone, for example Asia/Shanghai.", text(64)),
            },
            "period",
            description="When the scheduled scan runs.",
        ),
        f"{name}RuleConfig": obj(
            {
                "rule_name": described(
                    "Rule name. The value can contain 1 to 64 characters: letters, digits, "
                    "underscores (_) and hyphens (-).",
                    {**text(64), "pattern": "^[A-Za-z0-9_-]+$"},
                ),
                "enabled": described(
                    "Whether the rule takes effect at once. The default value is true.",
                    {"type": "boolean", "default": True},
                ),
                "action": described(
                    "What happens on a match. alarm: report an alarm. block: block the "
                    "operation and report an alarm. ignore: do nothing.",
                    enum("alarm", "block", "ignore"),
                ),
                "conditions": array(
                    ref(f"{name}Condition"),
                    20,
                    "Conditions of the rule; all of them must match. At most 20.",
                ),
                "schedule": ref(f"{name}Schedule"),
            },
            "rule_name",
            "action",
        ),
        f"{name}TargetHost": obj(
            {
                "host_id": described("Server ID.", text(128)),
                "host_name": described("Server name.", text()),
                "agent_id": described("Agent ID, as shown in the server list.", text(128)),
                "private_ip": described("Private IP address of the server.", text(128)),
            },
            "host_id",
        ),
        f"Create{name}RequestBody": obj(
            {
                "name": described(
                    f"Name of the {words}. The value can contain 1 to 64 characters: letters, "
                    f"digits, underscores (_), hyphens (-) and periods (.). It must be unique "
                    "within the project.",
                    {**text(64), "pattern": "^[A-Za-z0-9_.-]+$"},
                ),
                "description": described(
                    f"Description of the {words}. The value can contain 0 to 1024 characters.",
                    text(1024, 0),
                ),
                "protect_mode": described(
                    "Protection mode. alarm: only report alarms. block: block threats and "
                    "report alarms. The default value is alarm.",
                    {**enum("alarm", "block"), "default": "alarm"},
                ),
                "auto_enable": described(
                    "Whether to apply the configuration to new servers automatically.",
                    {"type": "boolean"},
                ),
                "rules": array(
                    ref(f"{name}RuleConfig"), 50, "Rules to create with it, at most 50."
                ),
                "target_hosts": array(
                    ref(f"{name}TargetHost"),
                    1000,
                    "Servers the configuration applies to, at most 1,000.",
                ),
                "tags": array(ref("ResourceTag"), 20, "Tags, at most 20."),
            },
            "name",
            "rules",
        ),
        f"Create{name}ResponseBody": obj(
            {
                "id": described(f"ID of the new {words}.", text(64)),
                "task_id": described(
                    "ID of the asynchronous task that applies it to the servers. Query the "
                    "task to know when it is done.",
                    text(64),
                ),
            },
        ),
        f"Update{name}RequestBody": obj(
            {
                "name": described(
                    f"New name of the {words}. Same rules as at creation.",
                    {**text(64), "pattern": "^[A-Za-z0-9_.-]+$"},
                ),
                "description": described("New description.", text(1024, 0)),
                "protect_mode": described(
                    "New protection mode: alarm or block.", enum("alarm", "block")
                ),
                "auto_enable": described(
                    "Whether to apply the configuration to new servers automatically.",
                    {"type": "boolean"},
                ),
                "rules": array(
                    ref(f"{name}RuleConfig"), 50, "The rules, replacing the current ones."
                ),
                "target_hosts": array(
                    ref(f"{name}TargetHost"), 1000, "The servers, replacing the current ones."
                ),
            },
        ),
    }
