"""Parameters of the synthetic operations (`bench.synth`): path, query and header.

A list operation has 10 to 20 query parameters, as HSS's have: `limit`, `offset` and
`enterprise_project_id`, then filters taken in turn from a pool of HSS's own (`host_name`,
`os_type`, `agent_status`, `begin_time`…): strings with enumerations or lengths, integers with
bounds, booleans and arrays, each described in two to four sentences.
"""

from __future__ import annotations

from bench.synth_schemas import TIME, Schema, array, enum, integer, plural_of, ref, text

MIN_QUERY, MAX_QUERY = 10, 20


def parameter(name: str, where: str, description: str, schema: Schema, required: bool) -> Schema:
    return {
        "name": name,
        "in": where,
        "description": description,
        "required": required,
        "schema": schema,
    }


def query(name: str, description: str, schema: Schema) -> Schema:
    return parameter(name, "query", description, schema, False)


def project_id() -> Schema:
    return parameter(
        "project_id",
        "path",
        "Project ID, which is used to specify the project that an asset belongs to. After the "
        "project ID is configured, you can query assets in the project using the project ID. "
        "For details about how to obtain it, see Obtaining a Project ID.",
        text(),
        True,
    )


def enterprise_project_id() -> Schema:
    return query(
        "enterprise_project_id",
        "Enterprise project ID. It is needed only by accounts that use enterprise projects. "
        "To query the resources of all enterprise projects, set this parameter to "
        "`all_granted_eps`. The value can contain 1 to 256 characters.",
        text(),
    )


def resource_id(snake: str, words: str) -> Schema:
    return parameter(
        f"{snake}_id",
        "path",
        f"ID of the {words}. You can obtain it from the response of the API that lists the "
        f"{plural_of(words)}. The value can contain 1 to 64 characters.",
        text(64),
        True,
    )


def list_parameters(name: str, words: str, index: int) -> list[Schema]:
    """`limit`, `offset`, `enterprise_project_id`, then 7 to 17 more filters, taken in turn
    from the pool below starting at a place that depends on the resource."""
    plural = plural_of(words)
    fixed = [
        query(
            "limit",
            f"Number of {plural} displayed on each page. The value ranges from 10 to 200, and "
            "the default value is 10. Use it with offset to page through the results.",
            {**integer(10, 200), "default": 10},
        ),
        query(
            "offset",
            "Offset from which the query starts. If the value is less than 0, it is "
            "automatically converted to 0. The default value is 0.",
            {**integer(0, 2000000), "default": 0},
        ),
        enterprise_project_id(),
    ]
    pool = [
        query(
            "host_name",
            f"Server name. Fuzzy match is supported: the {plural} of every server whose name "
            "contains the value are returned. The value can contain 1 to 256 characters.",
            text(),
        ),
        query(
            "host_id",
            f"Server ID. Only the {plural} of this server are returned. If it is not specified, "
            "the servers of the whole enterprise project are covered.",
            text(128),
        ),
        query(
            "os_type",
            "OS type. The value can be Linux or Windows. If this parameter is not specified, "
            f"the {plural} of both types are returned.",
            enum("Linux", "Windows"),
        ),
        query(
            "private_ip",
            "Private IP address of the server. Fuzzy match is supported. The value can contain "
            "1 to 128 characters.",
            text(128),
        ),
        query(
            "public_ip",
            "Elastic IP address of the server. Fuzzy match is supported. The value can contain "
            "1 to 128 characters.",
            text(128),
        ),
        query(
            "host_status",
            "Server status. ACTIVE: running. SHUTOFF: stopped. BUILDING: being created. "
            "ERROR: faulty.",
            enum("ACTIVE", "SHUTOFF", "BUILDING", "ERROR"),
        ),
        query(
            "agent_status",
            "Agent status. not_installed: the agent is not installed. online: the agent is "
            "running. offline: the agent has not reported for five minutes or more. "
            "install_failed, installing: installation failed or is in progress.",
            enum("not_installed", "online", "offline", "install_failed", "installing"),
        ),
        query(
            "protect_status",
            "Protection status. closed: protection is disabled. opened: protection is enabled. "
            "protection_interrupt: protection was interrupted, for example because the agent "
            "went offline.",
            enum("closed", "opened", "protection_interrupt"),
        ),
        query(
            "version",
            "HSS edition. hss.version.null means no edition is enabled. The other values are "
            "the basic, professional, enterprise, premium and web tamper protection editions.",
            enum(
                "hss.version.null",
                "hss.version.basic",
                "hss.version.advanced",
                "hss.version.enterprise",
                "hss.version.premium",
                "hss.version.wtp",
            ),
        ),
        query(
            "group_id",
            f"Server group ID. Only the {plural} of the servers in this group are returned. "
            "The value can contain 1 to 64 characters.",
            text(64),
        ),
        query(
            "policy_group_id",
            "Policy group ID. Only servers bound to this policy group are covered. The value "
            "can contain 1 to 64 characters.",
            text(64),
        ),
        query(
            "charging_mode",
            "Billing mode. packet_cycle: yearly/monthly. on_demand: pay-per-use. If it is not "
            "specified, both are returned.",
            enum("packet_cycle", "on_demand"),
        ),
        query(
            "severity",
            "Risk level. The value can be Security, Low, Medium, High or Critical. Several "
            "levels cannot be queried at once.",
            enum("Security", "Low", "Medium", "High", "Critical"),
        ),
        query("begin_time", f"Start of the queried period, {TIME}", integer(0, fmt="int64")),
        query("end_time", f"End of the queried period, {TIME}", integer(0, fmt="int64")),
        query(
            "refresh",
            "Whether to refresh the data before returning it. true: refresh; this is slower. "
            "false: return the data of the last scan. The default value is false.",
            {"type": "boolean", "default": False},
        ),
        query(
            "outside_host",
            "Whether to cover servers outside Huawei Cloud. true: only servers outside Huawei "
            "Cloud. false: only Huawei Cloud servers. If it is not specified, both are covered.",
            {"type": "boolean"},
        ),
        query(
            "asset_value",
            "Asset importance. important: important assets. common: common assets. test: test "
            "assets.",
            enum("important", "common", "test"),
        ),
        query(
            "sort_key",
            "Field the results are sorted by. The value can be name, create_time or severity. "
            "The default value is create_time.",
            enum("name", "create_time", "severity"),
        ),
        query(
            "sort_dir",
            "Sorting order. asc: ascending. desc: descending. The default value is desc. It "
            "takes effect only with sort_key.",
            enum("asc", "desc"),
        ),
        query(
            "handle_status",
            f"Handling status of the {plural}. unhandled: not handled. handled: handled, "
            "ignored or added to the whitelist.",
            enum("unhandled", "handled"),
        ),
        query(
            "category",
            "Type of the protected object. host: servers. container: containers. The default "
            "value is host.",
            enum("host", "container"),
        ),
        query(
            "container_name",
            "Container name. Fuzzy match is supported. The value can contain 1 to 128 characters.",
            text(128),
        ),
        query(
            "image_name",
            "Image name. Fuzzy match is supported. The value can contain 1 to 256 characters.",
            text(),
        ),
        query(
            "label",
            "Server labels to match. Repeat the parameter for each label; a server matches if "
            "it has any of them. At most 20 labels can be given.",
            array(text(64), 20),
        ),
        query(
            "part_match",
            "Whether fuzzy match is used for the name filters. true: fuzzy match. false: exact "
            "match. The default value is false.",
            {"type": "boolean"},
        ),
        query(
            "last_days",
            f"Number of days before today whose {plural} are returned. The value ranges from 1 "
            "to 30. It is ignored when begin_time and end_time are given.",
            integer(1, 30),
        ),
        query(
            "name",
            f"Name of the {words}. Fuzzy match is supported. The value can contain 1 to 256 "
            "characters.",
            text(),
        ),
        query(
            "status",
            f"Status of the {plural} to return. If it is not specified, the {plural} in every "
            "status are returned.",
            ref(f"{name}Status"),
        ),
    ]
    count = MIN_QUERY + index * 7 % (MAX_QUERY - MIN_QUERY + 1) - len(fixed)
    start = index * 5 % len(pool)
    chosen = (pool[start:] + pool[:start])[:count]
    return [*fixed, *chosen]
