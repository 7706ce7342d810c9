using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using static CoderBootstrap.Sandbox.Coder.CoderClusterDocument;
using static CoderBootstrap.Sandbox.Coder.CoderHttp;

namespace CoderBootstrap.Sandbox.Coder;

/// <summary>Coder users and sessions: the first user, password login, session tokens and <c>/users/me</c>.</summary>
internal sealed class CoderUsersApi(CoderClusterState state)
{
    private const string SessionTokenHeader = "Coder-Session-Token";
    private const string SessionCookie = "coder_session_token";
    private const string SignedOutMessage = "You are signed out or your session has expired. Please sign in again to continue.";
    private const string TokenAlphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private static readonly TimeSpan SessionLifetime = TimeSpan.FromHours(24);

    public IEnumerable<CoderRoute> Routes =>
    [
        new("GET", "/api/v2/users/first", "coder.users.first.get", false, false, GetFirstUserAsync),
        new("POST", "/api/v2/users/first", "coder.users.first.create", true, false, CreateFirstUserAsync),
        new("POST", "/api/v2/users/login", "coder.users.login", true, false, LoginAsync),
        new("GET", "/api/v2/users/me", "coder.users.me.get", false, true, GetMeAsync),
    ];

    /// <summary>The signed-in user of a session token (header, cookie or query parameter), or Coder's 401.</summary>
    public UserRecord Authenticate(HttpRequest request)
    {
        var token = request.Headers[SessionTokenHeader].ToString();
        if (token.Length == 0)
        {
            token = request.Cookies[SessionCookie] ?? request.Query[SessionCookie].ToString();
        }

        if (token.Length == 0)
        {
            throw new CoderApiException(401, SignedOutMessage, $"Cookie \"{SessionCookie}\" or query parameter must be provided.");
        }

        var separator = token.IndexOf('-');
        if (separator <= 0)
        {
            throw new CoderApiException(401, SignedOutMessage, $"Invalid \"{SessionCookie}\" cookie: API key format is invalid.");
        }

        var keyId = token[..separator];
        var hashedSecret = HashSecret(token[(separator + 1)..]);
        lock (state.Gate)
        {
            var session = state.Document.Sessions.FirstOrDefault(s => s.KeyId == keyId);
            if (session is null || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(session.HashedSecret), Encoding.ASCII.GetBytes(hashedSecret)))
            {
                throw new CoderApiException(401, SignedOutMessage, "API key secret is invalid.");
            }

            if (session.ExpiresAt <= state.Now())
            {
                throw new CoderApiException(401, SignedOutMessage, $"API key expired at \"{session.ExpiresAt:O}\".");
            }

            return state.Document.Users.First(u => u.Id == session.UserId);
        }
    }

    private Task GetFirstUserAsync(CoderRequest request)
    {
        var exists = state.Read(document => document.Users.Count > 0);
        return exists
            ? WriteJsonAsync(request.Context, 200, new { Message = "The initial user has already been created!" })
            : throw new CoderApiException(404, "The initial user has not been created!");
    }

    private async Task CreateFirstUserAsync(CoderRequest request)
    {
        var body = await ReadJsonAsync<CreateFirstUserBody>(request.Context);
        var fieldErrors = CoderUserValidation.ValidateFields(body.Email, body.Username, body.Password);
        if (fieldErrors.Count > 0)
        {
            throw new CoderApiException(400, "Validation failed.") { Validations = fieldErrors };
        }

        ThrowIfFirstUserExists();
        if (CoderUserValidation.FindPasswordProblem(body.Password!) is { } passwordProblem)
        {
            throw new CoderApiException(400, "Password not strong enough!") { Validations = [new("password", passwordProblem)] };
        }

        var hashedPassword = CoderPasswordHasher.Hash(body.Password!);
        UserRecord user;
        OrganizationRecord organization;
        lock (state.Gate)
        {
            ThrowIfFirstUserExists();
            var now = state.Now();
            organization = state.Document.Organization ??= new OrganizationRecord { Id = Guid.NewGuid(), CreatedAt = now };
            user = new UserRecord
            {
                Id = Guid.NewGuid(),
                Email = body.Email!,
                Username = body.Username!,
                Name = body.Name ?? "",
                HashedPassword = hashedPassword,
                CreatedAt = now,
                LastSeenAt = now,
            };
            state.Document.Users.Add(user);
            state.Persist();
        }

        await WriteJsonAsync(request.Context, 201, new { UserId = user.Id, OrganizationId = organization.Id });
    }

    private void ThrowIfFirstUserExists()
    {
        if (state.Read(document => document.Users.Count > 0))
        {
            throw new CoderApiException(409, "The initial user has already been created.");
        }
    }

    private async Task LoginAsync(CoderRequest request)
    {
        var body = await ReadJsonAsync<LoginBody>(request.Context);
        var errors = new List<CoderValidationError>();
        if (string.IsNullOrEmpty(body.Email))
        {
            errors.Add(new("email", "Validation failed for tag \"required\" with value: \"\""));
        }

        if (string.IsNullOrEmpty(body.Password))
        {
            errors.Add(new("password", "Validation failed for tag \"required\" with value: \"\""));
        }

        if (errors.Count > 0)
        {
            throw new CoderApiException(400, "Validation failed.") { Validations = errors };
        }

        var user = state.Read(document => document.Users.FirstOrDefault(u => string.Equals(u.Email, body.Email, StringComparison.OrdinalIgnoreCase)));
        if (user is null || !CoderPasswordHasher.Verify(body.Password!, user.HashedPassword))
        {
            throw new CoderApiException(401, "Incorrect email or password.");
        }

        var keyId = RandomNumberGenerator.GetString(TokenAlphabet, 10);
        var secret = RandomNumberGenerator.GetString(TokenAlphabet, 22);
        lock (state.Gate)
        {
            var now = state.Now();
            state.Document.Sessions.RemoveAll(s => s.ExpiresAt <= now);
            state.Document.Sessions.Add(new SessionRecord { KeyId = keyId, HashedSecret = HashSecret(secret), UserId = user.Id, ExpiresAt = now + SessionLifetime });
            user.LastSeenAt = now;
            state.Persist();
        }

        await WriteJsonAsync(request.Context, 201, new { SessionToken = keyId + "-" + secret });
    }

    private Task GetMeAsync(CoderRequest request) =>
        WriteLockedJsonAsync(state, request.Context, 200, () => UserView(request.User!));

    private object UserView(UserRecord user) => new
    {
        user.Id,
        user.Username,
        AvatarUrl = "",
        user.Name,
        user.Email,
        user.CreatedAt,
        UpdatedAt = user.CreatedAt,
        user.LastSeenAt,
        Status = "active",
        LoginType = "password",
        ThemePreference = "",
        OrganizationIds = state.Document.Organization is null ? Array.Empty<Guid>() : [state.Document.Organization.Id],
        Roles = new[] { new { Name = "owner", DisplayName = "Owner", OrganizationId = "" } },
    };

    private static string HashSecret(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private sealed class CreateFirstUserBody
    {
        public string? Email { get; set; }

        public string? Username { get; set; }

        public string? Name { get; set; }

        public string? Password { get; set; }

        public bool Trial { get; set; }
    }

    private sealed class LoginBody
    {
        public string? Email { get; set; }

        public string? Password { get; set; }
    }
}
