using System.Net;
using System.Net.Http.Headers;

namespace CoderBootstrap.Activities.Scaleway;

/// <summary>A successful answer: status, parsed body (absent for 204) and headers (some lists count items in X-Total-Count).</summary>
internal sealed record ScalewayResponse<T>(HttpStatusCode StatusCode, T? Body, HttpResponseHeaders Headers);
